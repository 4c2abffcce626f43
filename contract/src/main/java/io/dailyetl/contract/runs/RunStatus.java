package io.dailyetl.contract.runs;

/** A run is RUNNING until it has committed its load (SUCCEEDED) or given up and aborted it (FAILED). */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED
}
