package io.dailyetl.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Who may use the console and how they log in (docs/console.md, "Logging in with OpenID Connect"), and how many
 * notifications its notifications page reads.
 */
@ConfigMapping(prefix = "console")
public interface AccessConfig {

    /** The built-in password login. */
    String PASSWORD = "password";

    /** OpenID Connect's authorization code flow. */
    String OIDC = "oidc";

    /**
     * How people log in (env {@code CONSOLE_LOGIN}): {@code password}, the built-in form with the users
     * {@code viewer} and {@code operator}, or {@code oidc}, OpenID Connect's authorization code flow against the
     * {@code quarkus.oidc.*} provider (the built-in form is then off). Any other value refuses start-up.
     */
    @WithDefault(PASSWORD)
    String login();

    /** How an OpenID Connect user's claim gives the console role ({@code console.login=oidc}). */
    Oidc oidc();

    /**
     * Whether the session cookie is {@code Secure}, sent only over HTTPS (env {@code CONSOLE_SECURE_COOKIE}); on by
     * default, off in dev and tests, which speak plain HTTP.
     */
    @WithDefault("true")
    boolean secureCookie();

    /** How many of the latest notifications the notifications page reads (env {@code CONSOLE_NOTIFICATIONS}, 1-500). */
    @WithDefault("100")
    int notifications();

    /** The claim of an OpenID Connect user that holds the console role, and which of its values mean which role. */
    interface Oidc {

        /**
         * The claim of the ID token (or of the user info) that holds the user's groups or roles (env
         * {@code CONSOLE_OIDC_ROLE_CLAIM}), e.g. {@code groups}, or a path into nested objects such as
         * {@code realm_access/roles} (Keycloak's realm roles). Its value is a string or an array of strings.
         */
        @WithDefault("groups")
        String roleClaim();

        /** The claim values that make a user an operator (env {@code CONSOLE_OIDC_OPERATOR_VALUES}, comma-separated). */
        Optional<List<String>> operatorValues();

        /** The claim values that make a user a viewer (env {@code CONSOLE_OIDC_VIEWER_VALUES}, comma-separated). */
        Optional<List<String>> viewerValues();
    }
}
