package io.dailyetl.ingest.run;

/** A run was asked for while one is in progress, here or (the warehouse says) in another replica. */
public class RunAlreadyActive extends RuntimeException {

    RunAlreadyActive(String message) {
        super(message);
    }
}
