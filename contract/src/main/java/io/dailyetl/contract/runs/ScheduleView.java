package io.dailyetl.contract.runs;

import java.time.Instant;

/**
 * Ingest's daily schedule as {@code GET /api/schedule} answers it: the source its runs load, its cron ({@code off} when
 * there is none), the zone the cron is read in, and when the next scheduled run starts (null when off).
 */
public record ScheduleView(String source, String cron, String zone, Instant nextRunAt) {}
