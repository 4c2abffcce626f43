package io.dailyetl.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dailyetl.common.security.BearerTokenIdentityProvider;
import io.dailyetl.contract.ProblemType;
import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into {@code application/problem+json}, naming the field at fault where there is one. */
public class ProblemMappers {

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        Response problem = Problem.response(401, "Unauthorized", "an Authorization: Bearer <token> header is required");
        return Response.fromResponse(problem)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
        String who = identity.getPrincipal().getName();
        // the caller's path is logged as given: ControlCharacterFilter escapes line breaks in every log message
        String where = request.getMethod() + " " + request.getUriInfo().getPath();
        if (who.equals(BearerTokenIdentityProvider.UNRECOGNISED)) {
            Log.warnf("security: refused %s: the bearer token is not one of this service's tokens", where);
            return Problem.response(403, "Forbidden", "the bearer token is not valid for this pipeline");
        }
        Log.warnf("security: refused %s to a %s token", where, who);
        return Problem.response(403, "Forbidden", "the " + who + " role may not do this");
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problem.response(e);
    }

    @ServerExceptionMapper(priority = Priorities.USER - 1)
    public Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch) {
            String field = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            String message = e instanceof UnrecognizedPropertyException
                    ? "unknown field"
                    : e instanceof InvalidFormatException ? "invalid value" : "wrong JSON type";
            return Problem.response(ProblemException.invalid(field, message));
        }
        return Problem.response(
                new ProblemException(ProblemType.MALFORMED_JSON, e.getOriginalMessage() + locationOf(e), null));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // the REST layer's reader wraps what Jackson said (a read limit, a syntax error): say it, not "400"
            return malformedJson(json);
        }
        Response r = e.getResponse();
        String title = r.getStatusInfo().getReasonPhrase();
        return Problem.response(r.getStatus(), title, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        Log.errorf(e, "unexpected failure");
        return Problem.response(500, "Internal server error", "unexpected failure (see the service log)");
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }
}
