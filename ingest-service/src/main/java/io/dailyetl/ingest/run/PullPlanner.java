package io.dailyetl.ingest.run;

import io.dailyetl.contract.loads.SourceWatermark;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.warehouseclient.SourcesClient;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Decides what a run pulls ({@link Pull}) from the configuration, the caller's request and the source's watermark
 * at the warehouse. Called once the run's load is open, so no other run of the source can move the watermark
 * before this run commits.
 */
@Singleton
class PullPlanner {

    private final IngestConfig config;
    private final SourcesClient sources;

    PullPlanner(IngestConfig config, SourcesClient sources) {
        this.config = config;
        this.sources = sources;
    }

    Pull plan(PullRequest request) {
        IngestConfig.Incremental incremental = config.source().incremental();
        if (!incremental.enabled()) {
            return Pull.EVERYTHING;
        }
        Instant watermark = watermark();
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

    private Instant watermark() {
        Optional<SourceWatermark> stored;
        try {
            stored = sources.watermark(config.load().source());
        } catch (RuntimeException e) {
            throw new WarehouseUnreachable("could not read the watermark of "
                    + config.load().source() + " at the warehouse: " + e.getMessage());
        }
        return stored.map(SourceWatermark::watermark)
                .map(w -> OffsetDateTime.parse(w).toInstant())
                .orElse(null);
    }
}
