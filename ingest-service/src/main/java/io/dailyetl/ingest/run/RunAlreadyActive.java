package io.dailyetl.ingest.run;

/** A run was asked for while one is in progress, here or (the warehouse says) in another replica. */
public class RunAlreadyActive extends RunRefused {

    RunAlreadyActive(String message) {
        super(Kind.ALREADY_ACTIVE, message);
    }
}
