package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest's Prometheus meters, each tagged with its {@code source}: pages, records by outcome, retries, runs, run
 * duration, last success, and the counts and duration of the last successful run, and how its commit split the ids
 * it loaded into new, changed and unchanged ones (gauges, so a dashboard and an alert see one run's numbers, not sums
 * since start). Every configured source has its meters from the start, so a source that never succeeds shows as 0
 * instead of being absent.
 */
@Singleton
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Map<String, Meters> bySource = new ConcurrentHashMap<>();

    IngestMetrics(MeterRegistry registry, ConfiguredSources sources) {
        this.registry = registry;
        for (SourceSettings source : sources.all()) {
            of(source.name());
        }
    }

    /** The meters of one source. */
    Meters of(String source) {
        return bySource.computeIfAbsent(source, s -> new Meters(registry, s));
    }

    /** One source's meters. */
    static final class Meters {
        final Counter pages;
        private final Counter fetched;
        private final Counter loaded;
        private final Counter rejected;
        private final Counter duplicates;
        final Counter retries;
        private final Counter succeeded;
        final Counter failed;
        final Counter attemptsLost;
        private final Timer duration;
        private final AtomicLong lastSuccess = new AtomicLong();
        private final AtomicLong lastFetched = new AtomicLong();
        private final AtomicLong lastLoaded = new AtomicLong();
        private final AtomicLong lastRejected = new AtomicLong();
        private final AtomicLong lastDuplicates = new AtomicLong();
        private final AtomicLong lastDurationMillis = new AtomicLong();
        private final AtomicLong lastNew = new AtomicLong();
        private final AtomicLong lastChanged = new AtomicLong();
        private final AtomicLong lastUnchanged = new AtomicLong();
        private final DistributionSummary pulled;

        private Meters(MeterRegistry registry, String source) {
            pages = Counter.builder("ingest.pages")
                    .tag("source", source)
                    .description("Source pages read")
                    .register(registry);
            fetched = records(registry, source, "fetched");
            loaded = records(registry, source, "loaded");
            rejected = records(registry, source, "rejected");
            duplicates = records(registry, source, "duplicate");
            retries = Counter.builder("ingest.retries")
                    .tag("source", source)
                    .description("Source requests retried")
                    .register(registry);
            succeeded = Counter.builder("ingest.runs")
                    .tag("source", source)
                    .tag("status", "succeeded")
                    .register(registry);
            failed = Counter.builder("ingest.runs")
                    .tag("source", source)
                    .tag("status", "failed")
                    .register(registry);
            attemptsLost = Counter.builder("ingest.run.attempts.lost")
                    .tag("source", source)
                    .description("Attempts whose warehouse load was lost; the run started again from the first page")
                    .register(registry);
            duration = Timer.builder("ingest.run.duration")
                    .tag("source", source)
                    .description("Trigger to SUCCEEDED or FAILED")
                    .register(registry);
            Gauge.builder("ingest.last.success.timestamp.seconds", lastSuccess, AtomicLong::doubleValue)
                    .tag("source", source)
                    .description("When the source's last run succeeded (epoch seconds; 0: not since start)")
                    .register(registry);
            lastRunRecords(registry, source, "fetched", lastFetched);
            lastRunRecords(registry, source, "loaded", lastLoaded);
            lastRunRecords(registry, source, "rejected", lastRejected);
            lastRunRecords(registry, source, "duplicate", lastDuplicates);
            lastRunIds(registry, source, "new", lastNew);
            lastRunIds(registry, source, "changed", lastChanged);
            lastRunIds(registry, source, "unchanged", lastUnchanged);
            pulled = DistributionSummary.builder("ingest.run.pulled.records")
                    .tag("source", source)
                    .description("Source records pulled by each successful run (all of them in a full pull, what "
                            + "changed since the watermark in an incremental one)")
                    .register(registry);
            Gauge.builder("ingest.last.run.duration.seconds", lastDurationMillis, millis -> millis.get() / 1000.0)
                    .tag("source", source)
                    .description("Trigger to SUCCEEDED of the last successful run")
                    .register(registry);
        }

        /** A run SUCCEEDED with these counts: the counters of runs and records move. */
        void succeeded(RunProgress run) {
            succeeded.increment();
            lastSuccess.set(Instant.now().getEpochSecond());
            fetched.increment(run.counts().fetched());
            loaded.increment(run.loaded());
            rejected.increment(run.counts().rejected());
            duplicates.increment(run.duplicates());
        }

        /**
         * A run ended after {@code took}: its duration; if it SUCCEEDED, the last run's gauges (its counts and
         * duration, and how its commit split the ids it loaded).
         */
        void finished(RunProgress run, Duration took) {
            duration.record(took);
            if (run.status() != RunStatus.SUCCEEDED) {
                return;
            }
            pulled.record(run.counts().fetched());
            lastFetched.set(run.counts().fetched());
            lastLoaded.set(run.loaded());
            lastRejected.set(run.counts().rejected());
            lastDuplicates.set(run.duplicates());
            lastDurationMillis.set(took.toMillis());
            RunProgress.Committed ids = run.committed();
            lastNew.set(n(ids.inserted()));
            lastChanged.set(n(ids.updated()));
            lastUnchanged.set(n(ids.unchanged()));
        }
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static void lastRunIds(MeterRegistry registry, String source, String change, AtomicLong value) {
        Gauge.builder("ingest.last.run.ids", value, AtomicLong::doubleValue)
                .tag("source", source)
                .tag("change", change)
                .description("Ids the last successful run loaded: new to the snapshot, changed, or unchanged")
                .register(registry);
    }

    private static void lastRunRecords(MeterRegistry registry, String source, String outcome, AtomicLong value) {
        Gauge.builder("ingest.last.run.records", value, AtomicLong::doubleValue)
                .tag("source", source)
                .tag("outcome", outcome)
                .description("Source records by outcome in the last successful run")
                .register(registry);
    }

    private static Counter records(MeterRegistry registry, String source, String outcome) {
        return Counter.builder("ingest.records")
                .tag("source", source)
                .tag("outcome", outcome)
                .description("Source records by outcome")
                .register(registry);
    }
}
