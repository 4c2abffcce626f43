package io.dailyetl.ingest.run;

/** No run, in this replica or in the warehouse's run history, has the id asked for. */
public class NoSuchRun extends RunRefused {

    /** {@code runId} as it was asked for, which need not be a valid id. */
    public NoSuchRun(String runId) {
        super(Kind.NO_SUCH_RUN, "no run " + runId);
    }
}
