package io.dailyetl.console.login;

import io.dailyetl.console.config.AccessConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks at start-up how people log in, so a mistake refuses to start naming the key instead of locking everyone
 * out later: {@code console.login} is {@code password} or {@code oidc}; with {@code oidc}, {@code console.oidc.role-claim}
 * is a claim name or path and at least one of {@code console.oidc.operator-values} and
 * {@code console.oidc.viewer-values} names a value, no value in both; with {@code password} in {@code prod}, the
 * session cookie's key {@code quarkus.http.auth.session.encryption-key} is set, at least 16 characters (without it
 * each start would make a random key: every restart signs everyone out and replicas cannot read each other's
 * cookies).
 */
@Startup
@ApplicationScoped
public class LoginSettings {

    /** What a {@code prod} start of the password login without a session key says. */
    static final String NO_SESSION_KEY = "quarkus.http.auth.session.encryption-key: the built-in login needs a fixed "
            + "key for its session cookie in prod, at least 16 characters: set QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY "
            + "(a secret)";

    LoginSettings(
            AccessConfig config,
            @ConfigProperty(name = "quarkus.http.auth.session.encryption-key") Optional<String> sessionKey) {
        check(config, sessionKey, LaunchMode.current() == LaunchMode.NORMAL);
    }

    /** Throws a {@link ConfigurationException} naming the key if {@code config} cannot be started with. */
    static void check(AccessConfig config, Optional<String> sessionKey, boolean prod) {
        String login = config.login().trim().toLowerCase(Locale.ROOT);
        if (AccessConfig.OIDC.equals(login)) {
            claimPath(config.oidc().roleClaim());
            List<String> operators = config.oidc().operatorValues().orElse(List.of());
            List<String> viewers = config.oidc().viewerValues().orElse(List.of());
            if (operators.stream().allMatch(String::isBlank) && viewers.stream().allMatch(String::isBlank)) {
                throw new ConfigurationException("console.oidc.operator-values, console.oidc.viewer-values: with "
                        + "console.login=oidc name the values of the claim "
                        + config.oidc().roleClaim()
                        + " that make a user an operator or a viewer (CONSOLE_OIDC_OPERATOR_VALUES, "
                        + "CONSOLE_OIDC_VIEWER_VALUES); without any, no one could use the console");
            }
            Set<String> both = new HashSet<>(operators);
            both.retainAll(viewers);
            if (!both.isEmpty()) {
                throw new ConfigurationException("console.oidc.operator-values, console.oidc.viewer-values: " + both
                        + " is in both; a claim value means one role");
            }
        } else if (AccessConfig.PASSWORD.equals(login)) {
            if (prod && sessionKey.map(String::trim).orElse("").length() < 16) {
                throw new ConfigurationException(NO_SESSION_KEY);
            }
        } else {
            throw new ConfigurationException(
                    "console.login: must be password or oidc (CONSOLE_LOGIN), not '" + config.login() + "'");
        }
    }

    /**
     * The steps of a role claim's path ({@code realm_access/roles}: {@code realm_access}, {@code roles}), or a
     * {@link ConfigurationException} naming {@code console.oidc.role-claim} if it is blank or has an empty step.
     */
    static List<String> claimPath(String claim) {
        String trimmed = claim == null ? "" : claim.trim();
        List<String> steps = Arrays.asList(trimmed.split("/", -1));
        if (trimmed.isEmpty() || steps.stream().anyMatch(String::isBlank)) {
            throw new ConfigurationException("console.oidc.role-claim: must name the claim that holds the console "
                    + "role, e.g. groups or realm_access/roles (CONSOLE_OIDC_ROLE_CLAIM), not '" + claim + "'");
        }
        return steps.stream().map(String::trim).toList();
    }
}
