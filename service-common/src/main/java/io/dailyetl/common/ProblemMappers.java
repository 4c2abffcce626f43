package io.dailyetl.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dailyetl.common.ProblemException.FieldError;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Turns every failure into {@code application/problem+json}, naming the field at fault where there is one. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problem.response(e);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 1)
    public Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch) {
            String field = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = e instanceof UnrecognizedPropertyException ? "unknown field"
                    : e instanceof InvalidFormatException ? "invalid value" : "wrong JSON type";
            return Problem.response(400, "urn:daily-etl:invalid-request", "Invalid request",
                    field + ": " + message, List.of(new FieldError(field, message)));
        }
        return Problem.response(400, "urn:daily-etl:malformed-json", "Malformed JSON",
                e.getOriginalMessage() + locationOf(e), null);
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
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
