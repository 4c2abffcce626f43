package io.dailyetl.ingest.run;

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
import io.dailyetl.contract.loads.LoadState;
import io.dailyetl.warehouseclient.LoadsClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Singleton;

import java.net.http.HttpClient;
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
    private final HttpClient http;
    private final OpenTelemetry telemetry;
    private final Tracer tracer;

    IngestPipeline(IngestConfig config, LoadsClient warehouse, WarehouseLoads loads, LoadHeartbeat heartbeat,
            IngestMetrics metrics, RunThreads threads, OpenTelemetry telemetry, Tracer tracer) {
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
        this.scanner = new RecordScanner(rules);
        this.http = SourceClient.httpClient(config.source());
    }

    /** The cleaning rules the configuration names: its field names and the zone of local times. */
    static CleaningRules rules(IngestConfig config) {
        IngestConfig.Fields f = config.fields();
        return new CleaningRules(f.id(), f.userId(), f.amount(), f.status(), f.createdAt(), config.clean().zone());
    }

    /**
     * Runs one attempt. Throws {@link LoadLost} when the load went away under it (the next attempt may succeed),
     * anything else when the run cannot succeed (the source failed, a batch was refused as invalid).
     */
    void attempt(Run run) {
        BatchSender sender = new BatchSender(warehouse::putBatch, run.loadId, config.batchSize(), config.batchBytes().asLongValue(),
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
        LoadState counts = loads.commit(run, sender);
        run.loaded = counts.loaded();
        run.duplicates = counts.duplicateCount();
        checkConservation(run);
    }

    private void readCleanAndSend(Run run, BatchSender sender) {
        SourceClient client = new SourceClient(http, config.source(), telemetry.getPropagators().getTextMapPropagator(), () -> {
            run.retries.incrementAndGet();
            metrics.retries.increment();
        });
        try (PagePrefetcher pages = new PagePrefetcher(new PageReader(config.source(), client, tracer, scanner), threads.fetcher)) {
            for (Page page = next(pages, run); page != null; page = next(pages, run)) {
                for (SourceRecord raw : page.records()) {
                    run.fetched.incrementAndGet();
                    Cleaned cleaned = cleaner.cleanScanned(raw);
                    if (cleaned instanceof Cleaned.Clean clean) {
                        sender.add(clean);
                    } else {
                        sender.reject(raw.tree(), page.number(), ((Cleaned.Rejected) cleaned).reason());
                        run.rejected.incrementAndGet();
                    }
                }
                sender.throwIfFailed();
            }
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
