package io.dailyetl.contract.runs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A run in the warehouse's run history, both ways: the body of {@code PUT /api/runs/{runId}} (a run as its replica
 * reports it, with the source it loads, and the report's version: a newer report wins, a late, older one never
 * overwrites it) and what {@code PUT} and {@code GET /api/runs} answer (the run as stored). {@code version} is boxed
 * so that the warehouse can tell a report without one from version 0. The warehouse keeps a run's
 * {@code traceId} when one was reported, and leaves a null one out of its answers.
 */
public record RunReport(@JsonUnwrapped RunView run, Long version) {

    /** The source the run pulls (the run's own, {@link RunView#source()}). */
    public String source() {
        return run == null ? null : run.source();
    }
}
