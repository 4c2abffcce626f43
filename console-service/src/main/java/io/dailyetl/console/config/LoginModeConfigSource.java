package io.dailyetl.console.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the one switch {@code console.login} into the Quarkus settings it stands for, so a deployment sets only
 * {@code CONSOLE_LOGIN=oidc} (and its provider): with {@code password} the OpenID Connect tenant is off and the pages
 * authenticate with the form ({@code quarkus.http.auth.permission.pages.auth-mechanism=form}); with {@code oidc} the
 * tenant is on as a web application and the pages authenticate with the authorization code flow
 * ({@code auth-mechanism=code}), so the built-in form answers nothing. Its ordinal (275) is above
 * {@code application.properties} and below the environment and system properties, which can still override each key.
 * An unknown value is left to {@code LoginSettings}, which refuses start-up naming the key. Registered in
 * {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public class LoginModeConfigSource implements ConfigSourceFactory {

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue login = context.getValue("console.login");
        String mode = login == null || login.getValue() == null
                ? AccessConfig.PASSWORD
                : login.getValue().trim().toLowerCase(Locale.ROOT);
        Map<String, String> derived = AccessConfig.OIDC.equals(mode)
                ? Map.of(
                        "quarkus.oidc.tenant-enabled", "true",
                        "quarkus.oidc.application-type", "web-app",
                        "quarkus.http.auth.permission.pages.auth-mechanism", "code")
                : Map.of(
                        "quarkus.oidc.tenant-enabled", "false",
                        "quarkus.http.auth.permission.pages.auth-mechanism", "form");
        return List.of(new PropertiesConfigSource(derived, "console.login=" + mode, ORDINAL));
    }
}
