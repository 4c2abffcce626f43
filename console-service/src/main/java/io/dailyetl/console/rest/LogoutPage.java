package io.dailyetl.console.rest;

import io.dailyetl.console.config.AccessConfig;
import io.quarkus.logging.Log;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Signing out: {@code POST /logout} (the header's "Sign out" button) ends the session in this browser and lands on
 * the login page, which says "You are signed out.". With the built-in login it expires the {@code console-session}
 * cookie; with OpenID Connect it removes the OIDC session cookie. The session cookie is self-contained (encrypted, no
 * server-side session), so a copy of it taken before signing out stays valid until it expires (docs/console.md).
 */
@Path("/logout")
@Authenticated
public class LogoutPage {

    /** Where a signed-out user lands. */
    static final URI SIGNED_OUT = URI.create("/login?signed-out=true");

    private final boolean oidc;
    private final SecurityIdentity identity;
    private final Instance<OidcSession> oidcSession;

    LogoutPage(AccessConfig config, SecurityIdentity identity, Instance<OidcSession> oidcSession) {
        this.oidc = AccessConfig.OIDC.equals(config.login().trim());
        this.identity = identity;
        this.oidcSession = oidcSession;
    }

    @POST
    public Uni<Response> logout(RoutingContext request) {
        String user = identity.getPrincipal().getName();
        Uni<Void> ended;
        if (oidc) {
            ended = oidcSession.get().logout();
        } else {
            FormAuthenticationMechanism.logout(request);
            ended = Uni.createFrom().voidItem();
        }
        return ended.map(done -> {
            Log.infof("console login: %s signed out", user);
            return Response.seeOther(SIGNED_OUT).build();
        });
    }
}
