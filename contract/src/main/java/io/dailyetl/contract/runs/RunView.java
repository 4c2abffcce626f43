package io.dailyetl.contract.runs;

import io.dailyetl.contract.loads.CheckResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An ingest run as ingest's API shows it and as the warehouse's run history keeps it, with the name of the source it
 * pulls ({@code source}: a deployment may pull several). When SUCCEEDED,
 * {@code fetched = loaded + rejected + duplicates}; the counts are those of the last attempt, and {@code attempts}
 * lists every attempt with its load and how it ended. {@code traceId} is the OpenTelemetry trace of the run, as the
 * replica that ran it knows it: null when tracing is off (and then left out of the warehouse's answers). Once the run's load committed, {@code inserted}, {@code updated} and {@code unchanged} split
 * {@code loaded} into ids new to the snapshot, ids whose state changed and ids that came again as they were (null
 * before). {@code pull} says what the run asked the source for (null in the history of runs from before it was kept).
 * A FAILED run's {@code errorKind} says where its cause lies and {@code errorTransient} whether running it again
 * later may succeed with nothing changed (both null while it runs, when it succeeded, and in the history of runs
 * from before they were kept). {@code checks} are the data checks of the run's load as the warehouse last judged them
 * (docs/checks.md), passes included: a run that SUCCEEDED with warnings shows its WARN results, a run the checks
 * refused its ERROR results (empty: not judged, or not known).
 */
public record RunView(
        UUID runId,
        String source,
        RunStatus status,
        LocalDate logicalDate,
        String trigger,
        Instant startedAt,
        Instant finishedAt,
        int pages,
        long fetched,
        long loaded,
        long rejected,
        long duplicates,
        int retries,
        UUID loadId,
        String error,
        List<Attempt> attempts,
        String traceId,
        Long inserted,
        Long updated,
        Long unchanged,
        Pull pull,
        ErrorKind errorKind,
        Boolean errorTransient,
        List<CheckResult> checks) {

    public RunView {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /**
     * What a run asked the source for. {@code mode}: {@code FULL} (everything: incremental mode off, {@code "full":
     * true}, or a first incremental run without an initial value), {@code INCREMENTAL} (changed since the watermark
     * less the look-back) or {@code BACKFILL} (a window asked for with {@code from}/{@code to}). {@code since} and
     * {@code before} bound the change times asked for ({@code [since, before)}, null: unbounded);
     * {@code watermarkAtStart} is the source's watermark when the run started and {@code watermark} the one its
     * commit left (null: none yet, or not committed).
     */
    public record Pull(String mode, Instant since, Instant before, Instant watermarkAtStart, Instant watermark) {}

    /** One attempt: its number (from 1), its load, and why it ended without success (null while running or if it succeeded). */
    public record Attempt(int number, UUID loadId, Instant startedAt, String lostBecause) {}
}
