package io.dailyetl.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dailyetl.common.ProblemException.FieldError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem document, the body of every error this service answers. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String type, String title, String detail, List<FieldError> errors) {
        return Response.status(status)
                .type(MediaType.valueOf(MEDIA_TYPE))
                .entity(new Problem(type, title, status, detail, errors))
                .build();
    }

    /** The answer to a {@link ProblemException}: its status, type, title, detail and fields at fault. */
    public static Response response(ProblemException e) {
        return response(e.status(), e.type(), e.title(), e.getMessage(), e.errors());
    }

    public static Response response(int status, String title, String detail) {
        return response(status, "about:blank", title, detail, null);
    }
}
