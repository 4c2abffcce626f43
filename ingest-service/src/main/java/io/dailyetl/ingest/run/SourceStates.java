package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.RunView;
import io.dailyetl.contract.runs.SourceView;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.config.SourceCatalog;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.dailyetl.warehouseclient.SourcesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each source of this ingest stands: its schedule, its last run, its watermark and how far that is behind now.
 * Secrets stay out: the URL is shown without credentials or query, and no auth setting is.
 */
@ApplicationScoped
public class SourceStates {

    private final ConfiguredSources sources;
    private final NextRun next;
    private final Runs runs;
    private final SourcesClient watermarks;

    SourceStates(ConfiguredSources sources, NextRun next, Runs runs, SourcesClient watermarks) {
        this.sources = sources;
        this.next = next;
        this.runs = runs;
        this.watermarks = watermarks;
    }

    /** Every source, in the order of their names; {@link WarehouseUnreachable} if the watermarks cannot be read. */
    public List<SourceView> all() {
        Instant now = Instant.now();
        List<SourceView> views = new ArrayList<>();
        for (SourceSettings source : sources.all()) {
            List<RunView> last = runs.recent(source, 1);
            String watermark = watermark(source.name());
            Long lag = watermark == null
                    ? null
                    : Duration.between(OffsetDateTime.parse(watermark).toInstant(), now)
                            .toSeconds();
            views.add(new SourceView(
                    source.name(),
                    SourceCatalog.WithoutSecrets.of(source.url().toString()),
                    next.schedule(source),
                    last.isEmpty() ? null : last.get(0),
                    watermark,
                    lag));
        }
        return views;
    }

    private String watermark(String source) {
        return StoredWatermark.of(watermarks, source).orElse(null);
    }
}
