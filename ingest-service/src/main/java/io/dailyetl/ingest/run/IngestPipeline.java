package io.dailyetl.ingest.run;

import io.dailyetl.contract.loads.LoadState;
import io.dailyetl.ingest.clean.ChangeTimes;
import io.dailyetl.ingest.clean.Cleaned;
import io.dailyetl.ingest.clean.CleaningRules;
import io.dailyetl.ingest.clean.RecordCleaner;
import io.dailyetl.ingest.clean.RecordScanner;
import io.dailyetl.ingest.clean.SourceRecord;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.extract.Page;
import io.dailyetl.ingest.extract.PagePrefetcher;
import io.dailyetl.ingest.extract.PageReader;
import io.dailyetl.ingest.extract.SourceClient;
import io.dailyetl.ingest.load.BatchSender;
import io.dailyetl.warehouseclient.LoadsClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.ScheduledFuture;

/**
 * One attempt of a run on its current load, as reader, processor and writer: read every page (one ahead), clean
 * each record, stream clean records and rejects in batches, then commit and check that every fetched record is
 * accounted for.
 */
@Singleton
class IngestPipeline {

    private final IngestConfig config;
    private final LoadsClient warehouse;
    private final WarehouseLoads loads;
    private final LoadHeartbeat heartbeat;
    private final IngestMetrics metrics;
    private final RunThreads threads;
    private final RecordCleaner cleaner;
    private final RecordScanner scanner;
    /** Reads change times when incremental mode is on; else null (full pulls need none). */
    private final ChangeTimes changeTimes;

    private final HttpClient http;
    private final OpenTelemetry telemetry;
    private final Tracer tracer;

    IngestPipeline(
            IngestConfig config,
            LoadsClient warehouse,
            WarehouseLoads loads,
            LoadHeartbeat heartbeat,
            IngestMetrics metrics,
            RunThreads threads,
            OpenTelemetry telemetry,
            Tracer tracer) {
        this.telemetry = telemetry;
        this.tracer = tracer;
        this.config = config;
        this.warehouse = warehouse;
        this.loads = loads;
        this.heartbeat = heartbeat;
        this.metrics = metrics;
        this.threads = threads;
        CleaningRules rules = rules(config);
        this.cleaner = new RecordCleaner(rules);
        IngestConfig.Incremental incremental = config.source().incremental();
        String changeField = incremental.field().orElse(config.fields().createdAt());
        this.changeTimes = incremental.enabled() ? new ChangeTimes(rules, changeField) : null;
        this.scanner = new RecordScanner(rules, incremental.enabled() ? changeField : null);
        this.http = SourceClient.httpClient(config.source());
    }

    /** The cleaning rules the configuration names: its field names and the zone of local times. */
    static CleaningRules rules(IngestConfig config) {
        IngestConfig.Fields f = config.fields();
        return new CleaningRules(
                f.id(),
                f.userId(),
                f.amount(),
                f.status(),
                f.createdAt(),
                config.clean().zone());
    }

    /**
     * Runs one attempt. Throws {@link LoadLost} when the load went away under it (the next attempt may succeed),
     * anything else when the run cannot succeed (the source failed, a batch was refused as invalid).
     */
    void attempt(Run run) {
        BatchSender sender = new BatchSender(
                warehouse::putBatch,
                run.loadId,
                config.batchSize(),
                config.batchBytes().asLongValue(),
                config.load().inFlight(),
                threads.senders);
        ScheduledFuture<?> beating = heartbeat.start(run, sender);
        try {
            readCleanAndSend(run, sender);
            sender.finish();
        } catch (RuntimeException e) {
            throw LoadLost.isLoadLost(e) ? new LoadLost(e.getMessage(), e) : e;
        } finally {
            beating.cancel(false);
        }
        LoadState counts = loads.commit(run, sender, watermark(run));
        run.loaded = counts.loaded();
        run.duplicates = counts.duplicateCount();
        run.inserted = counts.inserted();
        run.updated = counts.updated();
        run.unchanged = counts.unchanged();
        run.watermark = counts.watermark() == null
                ? null
                : OffsetDateTime.parse(counts.watermark()).toInstant();
        checkConservation(run);
    }

    /**
     * The watermark the commit carries: the highest change time among the attempt's clean records, but never later
     * than the run's start (a record dated in the future, or a source clock ahead of ours, must not make later runs
     * skip what changes until then); null when the pull may not move it or found no change time.
     */
    private String watermark(Run run) {
        if (changeTimes != null && run.withoutChangeTime > 0) {
            Log.warnf(
                    "run %s: %d clean records had no readable change time in field \"%s\" (they are loaded; they "
                            + "do not move the watermark)",
                    run.id, run.withoutChangeTime, changeTimes.field());
        }
        if (changeTimes == null || !run.pull.movesWatermark() || run.highestChange == null) {
            return null;
        }
        Instant highest = run.highestChange.isAfter(run.startedAt) ? run.startedAt : run.highestChange;
        return highest.toString();
    }

    private void readCleanAndSend(Run run, BatchSender sender) {
        SourceClient client = new SourceClient(
                http, config.source(), telemetry.getPropagators().getTextMapPropagator(), () -> {
                    run.retries.incrementAndGet();
                    metrics.retries.increment();
                });
        // a full pull has no bounds, so its requests carry no window
        String[] window = run.pull.params(config.source().incremental());
        try (PagePrefetcher pages =
                new PagePrefetcher(new PageReader(config.source(), window, client, tracer, scanner), threads.fetcher)) {
            for (Page page = next(pages, run); page != null; page = next(pages, run)) {
                for (SourceRecord raw : page.records()) {
                    run.fetched.incrementAndGet();
                    Cleaned cleaned = cleaner.cleanScanned(raw);
                    if (cleaned instanceof Cleaned.Clean clean) {
                        sender.add(clean);
                        if (changeTimes != null) {
                            noteChange(run, changeTimes.of(raw, clean));
                        }
                    } else {
                        sender.reject(raw.tree(), page.number(), ((Cleaned.Rejected) cleaned).reason());
                        run.rejected.incrementAndGet();
                    }
                }
                sender.throwIfFailed();
            }
        }
    }

    private static void noteChange(Run run, Instant changed) {
        if (changed == null) {
            run.withoutChangeTime++;
        } else if (run.highestChange == null || changed.isAfter(run.highestChange)) {
            run.highestChange = changed;
        }
    }

    /** The next page; the run counts every page fetched, the empty one that ends the data included. */
    private Page next(PagePrefetcher pages, Run run) {
        try {
            return pages.next();
        } finally {
            int read = pages.pages();
            metrics.pages.increment(Math.max(0, read - run.pages.getAndSet(read)));
        }
    }

    private static void checkConservation(Run run) {
        long fetched = run.fetched.get();
        if (fetched != run.loaded + run.rejected.get() + run.duplicates) {
            // cannot happen if both sides count right; say so loudly rather than report a clean run
            throw new IllegalStateException("conservation violated: fetched " + fetched + " != loaded " + run.loaded
                    + " + rejected " + run.rejected.get() + " + duplicates " + run.duplicates);
        }
    }
}
