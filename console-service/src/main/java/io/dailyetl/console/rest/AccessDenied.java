package io.dailyetl.console.rest;

import io.dailyetl.console.config.AccessConfig;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A page a logged-in person may not open answers 403 with a page that says why: with OpenID Connect, a user whose
 * role claim holds neither an operator nor a viewer value has no role in the console at all.
 */
public class AccessDenied {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance denied(String user, String detail);
    }

    private final SecurityIdentity identity;
    private final AccessConfig config;

    AccessDenied(SecurityIdentity identity, AccessConfig config) {
        this.identity = identity;
        this.config = config;
    }

    // before service-common's problem+json answer for APIs: a person reads this one
    @ServerExceptionMapper(value = ForbiddenException.class, priority = Priorities.USER - 10)
    Response denied() {
        String user = identity.isAnonymous() ? "" : identity.getPrincipal().getName();
        String detail;
        if (identity.getRoles().isEmpty()) {
            AccessConfig.Oidc oidc = config.oidc();
            detail = "You are signed in as " + user + ", but your account has no role in the console: its claim "
                    + oidc.roleClaim() + " holds none of the values that make an operator ("
                    + String.join(", ", oidc.operatorValues().orElse(java.util.List.of())) + ") or a viewer ("
                    + String.join(", ", oidc.viewerValues().orElse(java.util.List.of()))
                    + "). Ask whoever runs your identity provider to add you to one of them.";
        } else {
            detail = "You are signed in as " + user + " (" + String.join(", ", identity.getRoles())
                    + "), a role that may not do this.";
        }
        Log.warnf("console: refused a page to %s: %s", user, detail);
        return Response.status(403)
                .type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.denied(user, detail))
                .build();
    }
}
