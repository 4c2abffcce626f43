package io.dailyetl.ingest.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.common.ProblemException;
import io.dailyetl.ingest.clean.Cleaned;
import io.dailyetl.ingest.clean.CleaningRules;
import io.dailyetl.ingest.clean.RecordCleaner;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.extract.Page;
import io.dailyetl.ingest.extract.PagePrefetcher;
import io.dailyetl.ingest.extract.PageReader;
import io.dailyetl.ingest.extract.SourceClient;
import io.dailyetl.ingest.load.BatchSender;
import io.dailyetl.ingest.load.WarehouseApiTypes;
import io.dailyetl.ingest.load.WarehouseClient;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts and runs ingest runs, one at a time: here through an in-process guard, across replicas through the
 * warehouse's one-open-load-per-source lease (opening the load is the first thing a run does, before it answers
 * 202). A run reads pages, cleans each record, streams batches, commits with its counts, and on any failure
 * aborts its load so the warehouse is left exactly as it was.
 */
@ApplicationScoped
public class Runs {

    private static final int KEPT = 100;

    private final IngestConfig config;
    private final WarehouseClient warehouse;
    private final IngestMetrics metrics;
    private final RecordCleaner cleaner;
    private final HttpClient http;
    private final AtomicReference<Run> current = new AtomicReference<>();
    private final Deque<Run> recent = new ConcurrentLinkedDeque<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "ingest-run"));
    private final ExecutorService senders;
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ingest-page-fetch");
        t.setDaemon(true);
        return t;
    });

    Runs(IngestConfig config, WarehouseClient warehouse, IngestMetrics metrics) {
        this.config = config;
        this.warehouse = warehouse;
        this.metrics = metrics;
        IngestConfig.Fields f = config.fields();
        this.cleaner = new RecordCleaner(new CleaningRules(f.id(), f.userId(), f.amount(), f.status(), f.createdAt(),
                config.clean().zone()));
        this.http = SourceClient.httpClient(config.source());
        this.senders = Executors.newFixedThreadPool(Math.max(1, config.load().inFlight()), r -> {
            Thread t = new Thread(r, "ingest-batch-sender");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a run: 409 if one is in progress here or (the warehouse says) in another replica; 503 if the
     * warehouse cannot be reached. Returns once the run's load is open; the run goes on in the background.
     */
    public RunView start(LocalDate logicalDate, String trigger) {
        Run run = new Run(logicalDate, trigger);
        if (!current.compareAndSet(null, run)) {
            throw ProblemException.conflict("run " + current.get().id + " is in progress");
        }
        try {
            run.loadId = warehouse.open(config.load().source(), run.id.toString());
        } catch (WarehouseConflictException e) {
            current.set(null);
            throw ProblemException.conflict("a run of " + config.load().source() + " is in progress elsewhere: " + e.getMessage());
        } catch (RuntimeException e) {
            current.set(null);
            throw new ProblemException(503, "urn:daily-etl:warehouse-unavailable", "Service unavailable",
                    "could not open a load at the warehouse: " + e.getMessage(), null);
        }
        remember(run);
        Log.infof("run %s started (%s, logical date %s): load %s, source %s", run.id, trigger, logicalDate, run.loadId,
                config.source().url());
        runner.execute(() -> execute(run));
        return run.view();
    }

    public Optional<RunView> get(UUID runId) {
        return recent.stream().filter(r -> r.id.equals(runId)).findFirst().map(Run::view);
    }

    /** The most recent runs this replica knows, newest first. */
    public List<RunView> recent(int limit) {
        List<RunView> views = new ArrayList<>();
        for (Run r : recent) {
            if (views.size() >= limit) {
                break;
            }
            views.add(r.view());
        }
        return views;
    }

    private void remember(Run run) {
        recent.addFirst(run);
        while (recent.size() > KEPT) {
            recent.pollLast();
        }
    }

    private void execute(Run run) {
        long started = System.nanoTime();
        try {
            SourceClient client = new SourceClient(http, config.source(), () -> {
                run.retries.incrementAndGet();
                metrics.retries.increment();
            });
            BatchSender sender = new BatchSender(warehouse, run.loadId, config.batchSize(), config.load().inFlight(), senders);
            try (PagePrefetcher pages = new PagePrefetcher(new PageReader(config.source(), client), fetcher)) {
                for (Page page = next(pages, run); page != null; page = next(pages, run)) {
                    for (JsonNode raw : page.records()) {
                        run.fetched.incrementAndGet();
                        Cleaned cleaned = cleaner.clean(raw);
                        if (cleaned instanceof Cleaned.Clean clean) {
                            sender.add(clean);
                        } else {
                            sender.reject(raw, page.number(), ((Cleaned.Rejected) cleaned).reason());
                            run.rejected.incrementAndGet();
                        }
                    }
                    sender.throwIfFailed();
                }
            }
            sender.finish();
            WarehouseApiTypes.Counts counts = commit(run, sender);
            run.loaded = counts.loaded();
            run.duplicates = counts.duplicates();
            long fetched = run.fetched.get();
            if (fetched != run.loaded + run.rejected.get() + run.duplicates) {
                // cannot happen if both sides count right; say so loudly rather than report a clean run
                throw new IllegalStateException("conservation violated: fetched " + fetched + " != loaded " + run.loaded
                        + " + rejected " + run.rejected.get() + " + duplicates " + run.duplicates);
            }
            run.status = RunStatus.SUCCEEDED;
            metrics.succeeded.increment();
            metrics.lastSuccess.set(Instant.now().getEpochSecond());
            metrics.fetched.increment(fetched);
            metrics.loaded.increment(run.loaded);
            metrics.rejected.increment(run.rejected.get());
            metrics.duplicates.increment(run.duplicates);
        } catch (RuntimeException e) {
            run.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            abort(run);
            run.status = RunStatus.FAILED;
            metrics.failed.increment();
            Log.errorf("run %s FAILED after %d pages, %d records: %s", run.id, run.pages.get(), run.fetched.get(), run.error);
        } finally {
            run.finishedAt = Instant.now();
            metrics.duration.record(Duration.ofNanos(System.nanoTime() - started));
            current.compareAndSet(run, null);
        }
        if (run.status == RunStatus.SUCCEEDED) {
            Log.infof("run %s SUCCEEDED in %d ms: %d pages, %d fetched = %d loaded + %d rejected + %d duplicates (%d retries)",
                    run.id, Duration.between(run.startedAt, run.finishedAt).toMillis(), run.pages.get(), run.fetched.get(),
                    run.loaded, run.rejected.get(), run.duplicates, run.retries.get());
        }
    }

    /** The next page; the run counts every page fetched, the empty one that ends the data included. */
    private Page next(PagePrefetcher pages, Run run) {
        try {
            return pages.next();
        } finally {
            int read = pages.pages();
            metrics.pages.increment(read - run.pages.getAndSet(read));
        }
    }

    /** Commits; if the answer is lost (a timeout), asks the warehouse whether the commit happened. */
    private WarehouseApiTypes.Counts commit(Run run, BatchSender sender) {
        try {
            return warehouse.commit(run.loadId, sender.batches(), sender.records(), sender.rejects());
        } catch (WarehouseConflictException e) {
            throw new IllegalStateException("commit refused: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            return warehouse.committed(run.loadId)
                    .orElseThrow(() -> new IllegalStateException("commit failed: " + e.getMessage(), e));
        }
    }

    private void abort(Run run) {
        if (run.loadId == null) {
            return;
        }
        try {
            warehouse.abort(run.loadId);
        } catch (RuntimeException e) {
            // the load's lease will expire and the warehouse will discard it then
            Log.warnf("run %s: could not abort load %s (%s); it expires with its lease", run.id, run.loadId, e.getMessage());
        }
    }

    void shutdown(@Observes ShutdownEvent event) {
        runner.shutdownNow();
        fetcher.shutdownNow();
        senders.shutdownNow();
    }
}
