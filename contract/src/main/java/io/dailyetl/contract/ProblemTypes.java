package io.dailyetl.contract;

/** Problem types ({@code type} of a problem+json answer) that a caller tells apart and acts on. */
public final class ProblemTypes {

    /** 409: the report window was already emailed (SENT); only a forced send emails it again. */
    public static final String ALREADY_SENT = "urn:daily-etl:already-sent";
    /** 409: the report window is being emailed under a live claim (SENDING); it is SENT or released soon. */
    public static final String BEING_SENT = "urn:daily-etl:being-sent";

    private ProblemTypes() {}
}
