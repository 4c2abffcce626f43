package io.dailyetl.ingest.run;

/** A field of a request to start a run does not make sense, or does not suit the configuration. */
public class InvalidRunRequest extends RunRefused {

    private final String field;

    InvalidRunRequest(String field, String detail) {
        super(Kind.INVALID_REQUEST, detail);
        this.field = field;
    }

    /** The request field at fault, as the caller spelled it. */
    @Override
    public String field() {
        return field;
    }
}
