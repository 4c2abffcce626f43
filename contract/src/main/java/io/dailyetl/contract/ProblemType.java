package io.dailyetl.contract;

/**
 * Every problem type ({@code type} of a problem+json answer) a caller of the three services can receive, with the
 * status and title it comes with: the one list both the services that answer and the clients that act on them read.
 * Answers that name no type ({@code about:blank}: 401, 403 for a token, unknown paths, 500) are not listed.
 * docs/errors.md has a row for each, checked by {@code ProblemTypeDocsTest}.
 */
public enum ProblemType {
    /** 400: a field is missing or wrong; {@code errors} names each. */
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    /** 400: the body is not JSON, or breaks a read limit. */
    MALFORMED_JSON("malformed-json", 400, "Malformed JSON"),
    /** 403: a forced resend without the operator role. */
    FORBIDDEN("forbidden", 403, "Forbidden"),
    /** 403: a report request named a recipient outside the allowed ones. */
    RECIPIENT_NOT_ALLOWED("recipient-not-allowed", 403, "Forbidden"),
    /** 404: no such load, run or delivery. */
    NOT_FOUND("not-found", 404, "Not found"),
    /** 409: the state says no (a load of the source is open, a load is not open, counts differ, a run is active). */
    CONFLICT("conflict", 409, "Conflict"),
    /** 409: a commit found staged rows missing; nothing merged. */
    STAGING_LOST("staging-lost", 409, "Staged data lost"),
    /** 409: the report window was already emailed (SENT); only a forced send emails it again. */
    ALREADY_SENT("already-sent", 409, "Already sent"),
    /** 409: the report window is being emailed under a live claim (SENDING); it is SENT or released soon. */
    BEING_SENT("being-sent", 409, "Being sent"),
    /**
     * 422: a data check of the load failed at its error threshold (docs/checks.md); nothing merged, the load stays
     * OPEN. {@code checks} lists the failed checks.
     */
    CHECKS_FAILED("checks-failed", 422, "Data checks failed"),
    /** 413: a batch over the warehouse's batch limits. */
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    /** 502: the report was built but SMTP kept failing. */
    SMTP_FAILED("smtp-failed", 502, "Bad gateway"),
    /** 503: another commit held the merge longer than the lock wait; nothing merged. */
    MERGE_BUSY("merge-busy", 503, "Service unavailable"),
    /**
     * 503: the database refused the work for want of a resource (SQLSTATE class 53 but 53300: disk full, out of
     * memory, a configured limit); the detail names the database's message and SQLSTATE. It comes back only when
     * someone frees the resource, so the warehouse's clients do not retry it.
     */
    DATABASE_REFUSED("database-refused", 503, "Service unavailable"),
    /** 503: the warehouse (or what it stands on) cannot be reached; try again later. */
    WAREHOUSE_UNAVAILABLE("warehouse-unavailable", 503, "Service unavailable");

    private final String uri;
    private final int status;
    private final String title;

    ProblemType(String name, int status, String title) {
        this.uri = "urn:daily-etl:" + name;
        this.status = status;
        this.title = title;
    }

    /** The {@code type} member of the answer, e.g. {@code urn:daily-etl:already-sent}. */
    public String uri() {
        return uri;
    }

    /** The HTTP status the type is answered with. */
    public int status() {
        return status;
    }

    /** The {@code title} member of the answer. */
    public String title() {
        return title;
    }

    /** Whether {@code type}, the type of an answer, is this one. */
    public boolean is(String type) {
        return uri.equals(type);
    }
}
