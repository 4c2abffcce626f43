package io.dailyetl.console.rest;

import io.dailyetl.console.config.AccessConfig;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationCompletionException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;

/**
 * With OpenID Connect, a sign-in the identity provider could not complete (it is down, or its token endpoint refused
 * the console's code or client secret) answers 503 with a readable page instead of Quarkus' bare error page; the
 * cause is logged. Any other failure is left to the handlers after this one.
 */
@ApplicationScoped
public class SignInTrouble {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance trouble();
    }

    private final boolean oidc;

    SignInTrouble(AccessConfig config) {
        this.oidc = AccessConfig.OIDC.equals(config.login().trim());
    }

    void register(@Observes Router router) {
        if (oidc) {
            router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
        }
    }

    private void handle(RoutingContext rc) {
        Throwable cause = providerTrouble(rc.failure());
        if (cause == null || rc.response().headWritten()) {
            rc.next();
            return;
        }
        Log.warnf(
                "console login: the identity provider could not complete a sign-in: %s: %s",
                cause.getClass().getSimpleName(), cause.getMessage());
        rc.response()
                .setStatusCode(503)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(Templates.trouble().render());
    }

    /** The failure's part that says the provider is at fault, or null if it is not about the provider. */
    static Throwable providerTrouble(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationCompletionException
                    || t instanceof ConnectException
                    || t.getClass().getName().startsWith("io.quarkus.oidc.")) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
