package io.dailyetl.console.client;

/**
 * An error answer of ingest-service or report-service (4xx or 5xx): its status, problem type, detail and the field
 * it names, if any, read from its problem+json.
 */
public class ServiceRefused extends RuntimeException {

    private final String service;
    private final int status;
    private final String type;
    private final String detail;
    private final String field;

    ServiceRefused(String service, int status, String type, String detail, String field) {
        super(service + " answered " + status + (detail.isEmpty() ? "" : ": " + detail));
        this.service = service;
        this.status = status;
        this.type = type;
        this.detail = detail;
        this.field = field;
    }

    /** {@code ingest-service} or {@code report-service}. */
    public String service() {
        return service;
    }

    public int status() {
        return status;
    }

    /** The problem type ({@code urn:daily-etl:conflict}, ...; {@code about:blank} if none was given). */
    public String type() {
        return type;
    }

    /** The problem's detail, as the service said it (empty if none). */
    public String detail() {
        return detail;
    }

    /** The field the problem names ({@code errors[0].field}), or empty. */
    public String field() {
        return field;
    }

    /** Whether the service refused the request (4xx) rather than failed (5xx). */
    public boolean refused() {
        return status < 500;
    }
}
