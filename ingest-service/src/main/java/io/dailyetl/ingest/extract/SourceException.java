package io.dailyetl.ingest.extract;

/** The source cannot be read to the end: the message says which URL and why; the run fails with it. */
public class SourceException extends RuntimeException {

    /** Why the source could not be read. */
    public enum Why {
        /** It answered what cannot be read: a 4xx, a page that is not what the configuration describes. */
        ANSWERED,
        /** It kept failing past the retries (5xx, 429, timeouts, resets): it may recover. */
        KEPT_FAILING,
        /** A page was over one of ingest's own limits ({@code ingest.source.max-page-bytes}). */
        OVER_LIMIT,
        /**
         * The source's authorization server refused ingest's client (RFC 6749's {@code invalid_client},
         * {@code invalid_scope} …): its configured credentials are wrong, and asking again will not change that.
         */
        CLIENT_REFUSED
    }

    private final Why why;

    public SourceException(String message) {
        this(Why.ANSWERED, message);
    }

    public SourceException(Why why, String message) {
        super(message);
        this.why = why;
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
        this.why = Why.ANSWERED;
    }

    public Why why() {
        return why;
    }
}
