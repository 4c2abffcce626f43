package io.dailyetl.report.service;

/**
 * Why a weekly report was not built or sent, in the report's own terms; {@code rest.ReportProblems} turns each
 * reason into its problem+json answer, and the scheduled jobs log it.
 */
public class ReportFailure extends RuntimeException {

    /** What went wrong. */
    public enum Reason {
        /** The request asks for something impossible; {@link #field()} names what. */
        INVALID_REQUEST,
        /** The window was already emailed; only a forced send emails it again. */
        ALREADY_SENT,
        /** Another sender holds a live claim on the window. */
        BEING_SENT,
        /** The warehouse refused the claim for another reason. */
        CLAIM_REFUSED,
        /** The warehouse cannot be reached or its answer cannot be read. */
        WAREHOUSE_UNAVAILABLE,
        /** The report was built but SMTP kept failing. */
        MAIL_FAILED,
        /** A caller named a recipient outside {@code report.mail.allowed-recipients}; {@link #field()} is "to". */
        RECIPIENT_NOT_ALLOWED
    }

    private final Reason reason;
    private final String field;
    private final String fieldMessage;

    private ReportFailure(Reason reason, String message, String field, String fieldMessage) {
        super(message);
        this.reason = reason;
        this.field = field;
        this.fieldMessage = fieldMessage;
    }

    public static ReportFailure of(Reason reason, String message) {
        return new ReportFailure(reason, message, null, null);
    }

    /** A request field at fault: {@code field: message}. */
    public static ReportFailure invalid(String field, String message) {
        return new ReportFailure(Reason.INVALID_REQUEST, field + ": " + message, field, message);
    }

    /** A recipient the caller may not name. */
    public static ReportFailure recipientNotAllowed(String address) {
        String message = "not an allowed recipient: \"" + address + "\" (report.mail.allowed-recipients)";
        return new ReportFailure(Reason.RECIPIENT_NOT_ALLOWED, "to: " + message, "to", message);
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, for {@link Reason#INVALID_REQUEST}; else null. */
    public String field() {
        return field;
    }

    /** What is wrong with {@link #field()}. */
    public String fieldMessage() {
        return fieldMessage;
    }
}
