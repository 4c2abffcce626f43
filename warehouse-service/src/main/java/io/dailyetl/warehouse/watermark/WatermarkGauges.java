package io.dailyetl.warehouse.watermark;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code warehouse_source_watermark_timestamp_seconds{source}}: each source's watermark in epoch seconds, so an alert can
 * say "it stopped moving" ({@code time() - warehouse_source_watermark_timestamp_seconds > 2 * 86400}). The values are
 * read from the database every {@code warehouse.watermark.gauge-refresh} (15 s), so every replica reports the
 * same, and set at once by a commit of this replica that moved one. A value only ever rises, as the watermark does:
 * a refresh that read the table just before a commit cannot take the commit's value back.
 */
@Singleton
public class WatermarkGauges {

    /** The meter's name; Prometheus shows it as {@code warehouse_source_watermark_timestamp_seconds}. */
    static final String NAME = "warehouse.source.watermark.timestamp.seconds";

    private final MeterRegistry registry;
    private final SourceWatermarks watermarks;
    private final Map<String, Double> seconds = new ConcurrentHashMap<>();

    WatermarkGauges(MeterRegistry registry, SourceWatermarks watermarks) {
        this.registry = registry;
        this.watermarks = watermarks;
    }

    /** Reads every source's watermark from the database; on failure keeps the values it has (and says so). */
    @Scheduled(
            every = "${warehouse.watermark.gauge-refresh:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        Map<String, Instant> all;
        try {
            all = watermarks.all();
        } catch (SQLException | RuntimeException e) {
            Log.warnf("source watermarks not refreshed (the gauge keeps its last values): %s", e.getMessage());
            return;
        }
        all.forEach(this::moved);
    }

    /** A source's watermark is now {@code watermark}. */
    public void moved(String source, Instant watermark) {
        double value = watermark.getEpochSecond() + watermark.getNano() / 1e9;
        if (seconds.putIfAbsent(source, value) == null) {
            Gauge.builder(NAME, seconds, s -> s.getOrDefault(source, Double.NaN))
                    .tag("source", source)
                    .description("The source's watermark (highest change time committed), in seconds since the epoch")
                    .register(registry);
        } else {
            seconds.merge(source, value, Math::max);
        }
    }
}
