package io.dailyetl.contract.runs;

import java.time.Instant;

/**
 * Ingest's daily schedule as {@code GET /api/schedule} answers it: the source its runs load, its cron ({@code off} when
 * there is none), the zone the cron is read in, when the next scheduled run starts (null when off), and what a
 * backfill may ask of this ingest: {@code off} (incremental mode is off: no window can be pulled), {@code from} (a
 * lower bound only: the source takes no upper bound) or {@code window} (from and to).
 */
public record ScheduleView(String source, String cron, String zone, Instant nextRunAt, String backfill) {

    /** A backfill is refused: ingest's incremental mode is off. */
    public static final String BACKFILL_OFF = "off";

    /** A backfill takes a lower bound only, and runs up to now. */
    public static final String BACKFILL_FROM = "from";

    /** A backfill takes a lower and an upper bound. */
    public static final String BACKFILL_WINDOW = "window";
}
