package io.dailyetl.ingest.run;

/**
 * A request about runs that the run code refuses, named for what happened ({@link Kind}). The run code knows nothing
 * of HTTP: {@code rest/RunProblemMapper} answers each kind with its problem+json, in one exhaustive switch.
 */
public abstract class RunRefused extends RuntimeException {

    /** What happened. */
    public enum Kind {
        /** A field of the request does not make sense or does not suit the configuration; {@link #field()} names it. */
        INVALID_REQUEST,
        /** A run is in progress, here or in another replica. */
        ALREADY_ACTIVE,
        /** No run has the id asked for. */
        NO_SUCH_RUN,
        /** The warehouse could not be reached for what was asked. */
        WAREHOUSE_UNREACHABLE
    }

    private final Kind kind;

    RunRefused(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, for {@link Kind#INVALID_REQUEST}; null otherwise. */
    public String field() {
        return null;
    }
}
