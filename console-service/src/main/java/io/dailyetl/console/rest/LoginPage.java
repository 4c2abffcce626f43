package io.dailyetl.console.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The login form of the built-in login. It posts to Quarkus' form authentication ({@code /j_security_check}), which
 * sends a refused login back here with {@code ?error=true}.
 */
@Path("/login")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class LoginPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean refused);
    }

    @GET
    public TemplateInstance login(@QueryParam("error") boolean error) {
        return Templates.login(error);
    }
}
