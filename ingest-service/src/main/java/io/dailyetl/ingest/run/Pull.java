package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.RunView;
import io.dailyetl.ingest.config.IngestConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run asks the source for, decided once when it starts (every attempt of the run pulls the same):
 * everything, what changed since the watermark less the look-back, or a backfill window. Only a pull whose records
 * reach up to now without a gap after the watermark ({@code FULL} and {@code INCREMENTAL}) may move the watermark; the
 * warehouse moves it forward only, never back.
 */
record Pull(Mode mode, Instant since, Instant before, Instant watermarkAtStart) {

    enum Mode {
        /** Everything: incremental mode off, {@code "full": true}, or a first run without an initial value. */
        FULL,
        /** What changed since the watermark less the look-back (or since the initial value). */
        INCREMENTAL,
        /** A window asked for with {@code from} (and {@code to}); never moves the watermark. */
        BACKFILL
    }

    /** A full pull, as every run makes with incremental mode off. */
    static final Pull EVERYTHING = new Pull(Mode.FULL, null, null, null);

    /** Whether the commit carries the pull's highest change time as the new watermark. */
    boolean movesWatermark() {
        return mode != Mode.BACKFILL;
    }

    /** The query parameters that carry the bounds (name, value, …), written as the source wants them. */
    String[] params(IngestConfig.Incremental config) {
        List<String> params = new ArrayList<>();
        if (since != null) {
            params.add(config.sinceParam());
            params.add(write(since, config.format(), false));
        }
        if (before != null) {
            params.add(config.untilParam().orElseThrow());
            params.add(write(before, config.format(), true));
        }
        return params.toArray(String[]::new);
    }

    /**
     * An instant as the source's parameter wants it. Epoch values are whole units: a lower bound is rounded down and
     * an upper bound up, so rounding only ever widens the window.
     */
    static String write(Instant instant, IngestConfig.TimeFormat format, boolean upper) {
        return switch (format) {
            case ISO -> instant.toString();
            case EPOCH_SECONDS ->
                Long.toString(upper && instant.getNano() > 0 ? instant.getEpochSecond() + 1 : instant.getEpochSecond());
            case EPOCH_MILLIS ->
                Long.toString(
                        upper && instant.getNano() % 1_000_000 > 0
                                ? instant.toEpochMilli() + 1
                                : instant.toEpochMilli());
        };
    }

    /** The pull in words, as the run's start is logged. */
    String describe() {
        return switch (mode) {
            case FULL -> "full pull" + (watermarkAtStart == null ? "" : " (watermark " + watermarkAtStart + ")");
            case INCREMENTAL ->
                "incremental pull of changes since " + since
                        + (watermarkAtStart == null
                                ? " (initial value)"
                                : " (watermark " + watermarkAtStart + " less the look-back)");
            case BACKFILL -> "backfill of changes in [" + since + ", " + (before == null ? "now" : before) + ")";
        };
    }

    RunView.Pull view(Instant watermark) {
        return new RunView.Pull(mode.name(), since, before, watermarkAtStart, watermark);
    }
}
