package io.dailyetl.contract.runs;

/**
 * One source of an ingest as {@code GET /api/sources} answers it: its name (what its loads are filed under), its URL
 * without credentials or query, its schedule, its last run (null before the first), its watermark (null until a
 * commit carried one) and the lag: how many seconds the watermark is behind now (null without a watermark).
 */
public record SourceView(
        String name, String url, ScheduleView schedule, RunView lastRun, String watermark, Long lagSeconds) {}
