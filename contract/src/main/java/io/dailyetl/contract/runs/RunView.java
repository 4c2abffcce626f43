package io.dailyetl.contract.runs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An ingest run as ingest's API shows it and as the warehouse's run history keeps it. When SUCCEEDED, {@code fetched = loaded + rejected + duplicates}; the
 * counts are those of the last attempt, and {@code attempts} lists every attempt with its load and how it ended.
 * {@code traceId} is the OpenTelemetry trace of the run, as the replica that ran it knows it: null when tracing is
 * off, and in the warehouse's history (which does not keep it).
 */
public record RunView(UUID runId, RunStatus status, LocalDate logicalDate, String trigger, Instant startedAt,
        Instant finishedAt, int pages, long fetched, long loaded, long rejected, long duplicates, int retries,
        UUID loadId, String error, List<Attempt> attempts, String traceId) {

    /** One attempt: its number (from 1), its load, and why it ended without success (null while running or if it succeeded). */
    public record Attempt(int number, UUID loadId, Instant startedAt, String lostBecause) {
    }
}
