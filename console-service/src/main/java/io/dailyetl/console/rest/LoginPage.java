package io.dailyetl.console.rest;

import io.dailyetl.console.config.AccessConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The login page. With the built-in login ({@code console.login=password}) it is the form, which posts to Quarkus'
 * form authentication ({@code /j_security_check}); a refused login comes back here with {@code ?error=true}. With
 * OpenID Connect it only offers to sign in (at the identity provider). After signing out ({@code ?signed-out=true})
 * it says so.
 */
@Path("/login")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class LoginPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean refused, boolean signedOut, boolean oidc);
    }

    private final boolean oidc;

    LoginPage(AccessConfig config) {
        this.oidc = AccessConfig.OIDC.equals(config.login().trim());
    }

    @GET
    public TemplateInstance login(@QueryParam("error") boolean error, @QueryParam("signed-out") boolean signedOut) {
        return Templates.login(error && !oidc, signedOut, oidc);
    }
}
