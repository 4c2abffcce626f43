package io.dailyetl.demo.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document: the body of every error this source answers, injected faults included. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static Response.ResponseBuilder builder(int status, String title, String detail) {
        return Response.status(status)
                .type(MediaType.valueOf(MEDIA_TYPE))
                .entity(new Problem("about:blank", title, status, detail));
    }

    /** A 400 naming the parameter at fault, to throw. */
    static WebApplicationException invalid(String field, String message) {
        return new WebApplicationException(
                builder(400, "Bad Request", field + ": " + message).build());
    }

    /** A 404 saying what is missing, to throw. */
    static WebApplicationException notFound(String message) {
        return new WebApplicationException(builder(404, "Not Found", message).build());
    }
}
