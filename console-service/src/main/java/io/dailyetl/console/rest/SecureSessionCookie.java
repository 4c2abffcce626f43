package io.dailyetl.console.rest;

import io.dailyetl.console.config.AccessConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.impl.ServerCookie;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Marks the built-in login's session cookie {@code Secure} ({@code console.secure-cookie}, on unless dev or tests turn
 * it off): Quarkus' form authentication sets {@code Secure} only on a request that arrived over TLS, and behind a
 * proxy that ends TLS the console sees plain HTTP. A cookie the browser sent is left alone; only the ones this answer
 * sets (a login, a renewed session, a sign-out) are marked, just before the headers go out. The OpenID Connect
 * session cookie has its own setting ({@code quarkus.oidc.authentication.cookie-force-secure}).
 */
@ApplicationScoped
public class SecureSessionCookie {

    private final boolean secure;
    private final String name;

    SecureSessionCookie(
            AccessConfig config,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.auth.form.cookie-name")
                    String name) {
        this.secure = config.secureCookie();
        this.name = name;
    }

    void register(@Observes Filters filters) {
        if (!secure) {
            return;
        }
        filters.register(
                rc -> {
                    rc.addHeadersEndHandler(end -> {
                        for (Cookie c : rc.request().cookies(name)) {
                            if (c instanceof ServerCookie set && set.isChanged()) {
                                c.setSecure(true);
                            }
                        }
                    });
                    rc.next();
                },
                // before the authentication, which sets the cookie
                Integer.MAX_VALUE);
    }
}
