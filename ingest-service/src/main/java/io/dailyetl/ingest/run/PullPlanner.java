package io.dailyetl.ingest.run;

import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.dailyetl.warehouseclient.SourcesClient;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Decides what a run pulls ({@link Pull}) from the configuration, the caller's request and the source's watermark
 * at the warehouse, and checks the request against the configuration first. Plans once the run's load is open, so
 * no other run of the source can move the watermark before this run commits.
 */
@Singleton
public class PullPlanner {

    private final SourcesClient sources;

    PullPlanner(SourcesClient sources) {
        this.sources = sources;
    }

    /**
     * What a caller asks for: a backfill window of change times {@code [from, to)} (ISO-8601 instants, or dates
     * meaning their start in {@code ingest.clean.zone}), or everything ({@code full}); each may be null.
     * {@link InvalidRunRequest} naming the field when the request is malformed or does not suit the configuration
     * (a window needs incremental mode; {@code to} needs the source's upper-bound parameter).
     */
    public PullRequest request(SourceSettings source, String fromText, String toText, Boolean fullFlag) {
        boolean full = Boolean.TRUE.equals(fullFlag);
        IngestConfig.Incremental incremental = source.source().incremental();
        Instant from = instant(source, "from", fromText);
        Instant to = instant(source, "to", toText);
        if (from == null && to == null) {
            return full ? new PullRequest(null, null, true) : PullRequest.NONE;
        }
        String field = from != null ? "from" : "to";
        if (full) {
            throw new InvalidRunRequest("full", "full pulls everything: it cannot be given with a window (from, to)");
        }
        if (!incremental.enabled()) {
            throw new InvalidRunRequest(
                    field,
                    "a window needs incremental mode (" + source.prefix() + ".incremental.enabled=true "
                            + "and the source's changed-since parameter, " + source.prefix()
                            + ".incremental.since-param)");
        }
        if (from == null) {
            throw new InvalidRunRequest("from", "required with to: the window is [from, to)");
        }
        if (to != null && incremental.untilParam().isEmpty()) {
            throw new InvalidRunRequest(
                    "to",
                    "the source has no upper-bound parameter " + "(" + source.prefix()
                            + ".incremental.until-param); leave to out to pull from 'from' up to now");
        }
        if (to != null && !to.isAfter(from)) {
            throw new InvalidRunRequest("to", "must be after from (the window is [from, to))");
        }
        if (from.isAfter(Instant.now())) {
            throw new InvalidRunRequest("from", "is in the future: nothing has changed since then yet");
        }
        return new PullRequest(from, to, false);
    }

    Pull plan(SourceSettings source, PullRequest request) {
        IngestConfig.Incremental incremental = source.source().incremental();
        if (!incremental.enabled()) {
            return Pull.EVERYTHING;
        }
        Instant watermark = watermark(source.name());
        if (request.full()) {
            return new Pull(Pull.Mode.FULL, null, null, watermark);
        }
        if (request.backfill()) {
            return new Pull(Pull.Mode.BACKFILL, request.from(), request.to(), watermark);
        }
        if (watermark != null) {
            return new Pull(Pull.Mode.INCREMENTAL, watermark.minus(incremental.lookBack()), null, watermark);
        }
        return incremental
                .initial()
                .map(initial -> new Pull(Pull.Mode.INCREMENTAL, initial, null, null))
                .orElse(new Pull(Pull.Mode.FULL, null, null, null));
    }

    /** An ISO-8601 instant with Z or an offset, or a date meaning its start in the cleaning zone; null for null. */
    private static Instant instant(SourceSettings source, String field, String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(source.zone()).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new InvalidRunRequest(
                        field, "not an instant (e.g. 2026-11-24T00:00:00Z) or a date (YYYY-MM-DD): \"" + value + "\"");
            }
        }
    }

    private Instant watermark(String source) {
        return StoredWatermark.of(sources, source)
                .map(w -> OffsetDateTime.parse(w).toInstant())
                .orElse(null);
    }
}
