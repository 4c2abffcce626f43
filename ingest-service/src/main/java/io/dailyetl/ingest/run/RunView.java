package io.dailyetl.ingest.run;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A run as the API shows it (design 4.2). When SUCCEEDED, {@code fetched = loaded + rejected + duplicates}.
 */
public record RunView(UUID runId, RunStatus status, LocalDate logicalDate, String trigger, Instant startedAt,
        Instant finishedAt, int pages, long fetched, long loaded, long rejected, long duplicates, int retries,
        UUID loadId, String error) {
}
