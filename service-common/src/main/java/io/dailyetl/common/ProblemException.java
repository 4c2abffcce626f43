package io.dailyetl.common;

import io.dailyetl.contract.ProblemTypes;
import java.util.List;

/**
 * A failure the API answers as {@code application/problem+json} (RFC 9457): the HTTP status, a short title,
 * a detail for people and, for validation, the fields at fault.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "urn:daily-etl:not-found", "Not found", detail, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "urn:daily-etl:conflict", "Conflict", detail, null);
    }

    /** 409 {@link ProblemTypes#ALREADY_SENT}: the report window was emailed. */
    public static ProblemException alreadySent(String detail) {
        return new ProblemException(409, ProblemTypes.ALREADY_SENT, "Already sent", detail, null);
    }

    /** 409 {@link ProblemTypes#BEING_SENT}: another sender holds a live claim on the report window. */
    public static ProblemException beingSent(String detail) {
        return new ProblemException(409, ProblemTypes.BEING_SENT, "Being sent", detail, null);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(400, "urn:daily-etl:invalid-request", "Invalid request", detail, errors);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(field + ": " + message, List.of(new FieldError(field, message)));
    }

    /** 503: the warehouse (or what it stands on) cannot be reached; the caller may try again later. */
    public static ProblemException warehouseUnavailable(String detail) {
        return new ProblemException(503, "urn:daily-etl:warehouse-unavailable", "Service unavailable", detail, null);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "urn:daily-etl:payload-too-large", "Payload too large", detail, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One field at fault: a JSON path such as {@code records[3].amount} or a query parameter name. */
    public record FieldError(String field, String message) {}
}
