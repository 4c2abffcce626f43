package io.dailyetl.common;

import io.dailyetl.contract.ProblemType;
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

    /** An answer of one of the {@link ProblemType}s. */
    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        this(type.status(), type.uri(), type.title(), detail, errors);
    }

    private ProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail, null);
    }

    public static ProblemException alreadySent(String detail) {
        return new ProblemException(ProblemType.ALREADY_SENT, detail, null);
    }

    public static ProblemException beingSent(String detail) {
        return new ProblemException(ProblemType.BEING_SENT, detail, null);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, detail, null);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail, errors);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(field + ": " + message, List.of(new FieldError(field, message)));
    }

    /** 503: the warehouse (or what it stands on) cannot be reached; the caller may try again later. */
    public static ProblemException warehouseUnavailable(String detail) {
        return new ProblemException(ProblemType.WAREHOUSE_UNAVAILABLE, detail, null);
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
