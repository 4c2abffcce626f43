package io.dailyetl.ingest.run;

import io.dailyetl.contract.loads.CommitResult;
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
import io.dailyetl.ingest.load.LoadLost;
import io.dailyetl.ingest.load.WarehouseLoad;
import io.dailyetl.ingest.trace.RunTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Instant;

/**
 * One attempt of a run on its current load, as reader, processor and writer: read every page (one ahead), clean
 * each record, stream clean records and rejects in batches, then commit and check that every fetched record is
 * accounted for. The attempt counts in its own {@link Tally} and hands the run its counts a page at a time.
 */
@Singleton
class IngestPipeline {

    private final IngestConfig config;
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
            IngestConfig config, IngestMetrics metrics, RunThreads threads, OpenTelemetry telemetry, RunTracer tracer) {
        this.telemetry = telemetry;
        this.tracer = tracer.tracer();
        this.config = config;
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
     * Runs one attempt on {@code load}. Throws {@link LoadLost} when the load went away under it (the next attempt
     * may succeed), anything else when the run cannot succeed (the source failed, a batch was refused as invalid).
     */
    void attempt(Run run, WarehouseLoad load) {
        Tally tally = new Tally();
        CommitResult committed;
        try {
            readCleanAndSend(run, load, tally);
            committed = load.commit(watermark(run, tally));
        } catch (LoadLost e) {
            throw e;
        } catch (RuntimeException e) {
            throw LoadLost.isLoadLost(e) ? new LoadLost(e.getMessage(), e) : e;
        }
        run.committed(committed);
        checkConservation(run.progress());
    }

    /**
     * The watermark the commit carries: the highest change time among the attempt's clean records, but never later
     * than the run's start (a record dated in the future, or a source clock ahead of ours, must not make later runs
     * skip what changes until then); null when the pull may not move it or found no change time.
     */
    private String watermark(Run run, Tally tally) {
        if (changeTimes != null && tally.withoutChangeTime > 0) {
            Log.warnf(
                    "run %s: %d clean records had no readable change time in field \"%s\" (they are loaded; they "
                            + "do not move the watermark)",
                    run.id, tally.withoutChangeTime, changeTimes.field());
        }
        if (changeTimes == null || !run.progress().pull().movesWatermark() || tally.highestChange == null) {
            return null;
        }
        Instant highest = tally.highestChange.isAfter(run.startedAt) ? run.startedAt : tally.highestChange;
        return highest.toString();
    }

    private void readCleanAndSend(Run run, WarehouseLoad load, Tally tally) {
        SourceClient client = new SourceClient(
                http, config.source(), telemetry.getPropagators().getTextMapPropagator(), () -> {
                    run.retried();
                    metrics.retries.increment();
                });
        // a full pull has no bounds, so its requests carry no window
        String[] window = run.progress().pull().params(config.source().incremental());
        try (PagePrefetcher pages =
                new PagePrefetcher(new PageReader(config.source(), window, client, tracer, scanner), threads.fetcher)) {
            for (Page page = next(pages, run, tally); page != null; page = next(pages, run, tally)) {
                for (SourceRecord raw : page.records()) {
                    tally.fetched++;
                    Cleaned cleaned = cleaner.cleanScanned(raw);
                    if (cleaned instanceof Cleaned.Clean clean) {
                        load.add(clean);
                        if (changeTimes != null) {
                            tally.noteChange(changeTimes.of(raw, clean));
                        }
                    } else {
                        load.reject(raw.tree(), page.number(), ((Cleaned.Rejected) cleaned).reason());
                        tally.rejected++;
                    }
                }
                run.counted(tally.pages, tally.fetched, tally.rejected);
                load.throwIfLost();
            }
        }
    }

    /** The next page; the run counts every page fetched, the empty one that ends the data included. */
    private Page next(PagePrefetcher pages, Run run, Tally tally) {
        try {
            return pages.next();
        } finally {
            int read = pages.pages();
            metrics.pages.increment(Math.max(0, read - tally.pages));
            tally.pages = read;
            run.counted(tally.pages, tally.fetched, tally.rejected);
        }
    }

    private static void checkConservation(RunProgress run) {
        long fetched = run.counts().fetched();
        long rejected = run.counts().rejected();
        if (fetched != run.loaded() + rejected + run.duplicates()) {
            // cannot happen if both sides count right; say so loudly rather than report a clean run
            throw new IllegalStateException("conservation violated: fetched " + fetched + " != loaded " + run.loaded()
                    + " + rejected " + rejected + " + duplicates " + run.duplicates());
        }
    }

    /** What one attempt has read so far; the run's thread alone writes it, record by record. */
    private static final class Tally {
        int pages;
        long fetched;
        long rejected;
        /** The highest change time among the clean records (null: none yet). */
        Instant highestChange;
        /** Clean records without a readable change time. */
        long withoutChangeTime;

        void noteChange(Instant changed) {
            if (changed == null) {
                withoutChangeTime++;
            } else if (highestChange == null || changed.isAfter(highestChange)) {
                highestChange = changed;
            }
        }
    }
}
