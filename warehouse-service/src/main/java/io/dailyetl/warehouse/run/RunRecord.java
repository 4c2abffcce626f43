package io.dailyetl.warehouse.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An ingest run as its replica reports it, and as every replica reads it back: status, counts of its last attempt,
 * its attempts (each with its load and why it was lost) and the error. {@code version} orders the reports of one
 * run, so a late, older report never overwrites a newer one. {@code inserted}, {@code updated} and {@code unchanged}
 * split what its commit loaded (null before it committed); {@code pull} is what it asked the source for (an object
 * the warehouse keeps as it is: mode, window, watermarks).
 */
public record RunRecord(
        UUID runId,
        String source,
        String status,
        LocalDate logicalDate,
        String trigger,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        Integer pages,
        Long fetched,
        Long loaded,
        Long rejected,
        Long duplicates,
        Integer retries,
        UUID loadId,
        String error,
        JsonNode attempts,
        Long version,
        Long inserted,
        Long updated,
        Long unchanged,
        JsonNode pull) {}
