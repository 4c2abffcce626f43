package io.dailyetl.ingest.extract;

/** The source cannot be read to the end: the message says which URL and why; the run fails with it. */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
