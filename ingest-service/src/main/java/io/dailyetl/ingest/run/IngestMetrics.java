package io.dailyetl.ingest.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest's Prometheus meters: pages, records by outcome, retries, runs, run duration, last success, and the counts and
 * duration of the last successful run, and how its commit split the ids it loaded into new, changed and unchanged
 * ones (gauges, so a dashboard and an alert see one run's numbers, not sums since start).
 */
@Singleton
public class IngestMetrics {

    final Counter pages;
    final Counter fetched;
    final Counter loaded;
    final Counter rejected;
    final Counter duplicates;
    final Counter retries;
    final Counter succeeded;
    final Counter failed;
    final Counter attemptsLost;
    final Timer duration;
    final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong lastFetched = new AtomicLong();
    private final AtomicLong lastLoaded = new AtomicLong();
    private final AtomicLong lastRejected = new AtomicLong();
    private final AtomicLong lastDuplicates = new AtomicLong();
    private final AtomicLong lastDurationMillis = new AtomicLong();
    private final AtomicLong lastNew = new AtomicLong();
    private final AtomicLong lastChanged = new AtomicLong();
    private final AtomicLong lastUnchanged = new AtomicLong();
    private final DistributionSummary pulled;

    IngestMetrics(MeterRegistry registry) {
        pages = Counter.builder("ingest.pages").description("Source pages read").register(registry);
        fetched = records(registry, "fetched");
        loaded = records(registry, "loaded");
        rejected = records(registry, "rejected");
        duplicates = records(registry, "duplicate");
        retries = Counter.builder("ingest.retries")
                .description("Source requests retried")
                .register(registry);
        succeeded = Counter.builder("ingest.runs").tag("status", "succeeded").register(registry);
        failed = Counter.builder("ingest.runs").tag("status", "failed").register(registry);
        attemptsLost = Counter.builder("ingest.run.attempts.lost")
                .description("Attempts whose warehouse load was lost; the run started again from the first page")
                .register(registry);
        duration = Timer.builder("ingest.run.duration")
                .description("Trigger to SUCCEEDED or FAILED")
                .register(registry);
        registry.gauge("ingest.last.success.timestamp.seconds", lastSuccess, AtomicLong::doubleValue);
        lastRunRecords(registry, "fetched", lastFetched);
        lastRunRecords(registry, "loaded", lastLoaded);
        lastRunRecords(registry, "rejected", lastRejected);
        lastRunRecords(registry, "duplicate", lastDuplicates);
        lastRunIds(registry, "new", lastNew);
        lastRunIds(registry, "changed", lastChanged);
        lastRunIds(registry, "unchanged", lastUnchanged);
        pulled = DistributionSummary.builder("ingest.run.pulled.records")
                .description("Source records pulled by each successful run (all of them in a full pull, what changed "
                        + "since the watermark in an incremental one)")
                .register(registry);
        Gauge.builder("ingest.last.run.duration.seconds", lastDurationMillis, millis -> millis.get() / 1000.0)
                .description("Trigger to SUCCEEDED of the last successful run")
                .register(registry);
    }

    /** The counts and duration of a run that SUCCEEDED. */
    void lastRun(long fetched, long loaded, long rejected, long duplicates, Duration took) {
        pulled.record(fetched);
        lastFetched.set(fetched);
        lastLoaded.set(loaded);
        lastRejected.set(rejected);
        lastDuplicates.set(duplicates);
        lastDurationMillis.set(took.toMillis());
    }

    /** How the last successful run's commit split the ids it loaded. */
    void lastRunIds(long inserted, long updated, long unchanged) {
        lastNew.set(inserted);
        lastChanged.set(updated);
        lastUnchanged.set(unchanged);
    }

    private static void lastRunIds(MeterRegistry registry, String change, AtomicLong value) {
        Gauge.builder("ingest.last.run.ids", value, AtomicLong::doubleValue)
                .tag("change", change)
                .description("Ids the last successful run loaded: new to the snapshot, changed, or unchanged")
                .register(registry);
    }

    private static void lastRunRecords(MeterRegistry registry, String outcome, AtomicLong value) {
        Gauge.builder("ingest.last.run.records", value, AtomicLong::doubleValue)
                .tag("outcome", outcome)
                .description("Source records by outcome in the last successful run")
                .register(registry);
    }

    private static Counter records(MeterRegistry registry, String outcome) {
        return Counter.builder("ingest.records")
                .tag("outcome", outcome)
                .description("Source records by outcome")
                .register(registry);
    }
}
