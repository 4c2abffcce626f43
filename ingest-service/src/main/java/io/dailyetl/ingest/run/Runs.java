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
import io.dailyetl.ingest.load.RunHistoryClient;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts and runs ingest runs, one at a time: here through an in-process guard, across replicas through the
 * warehouse's one-open-load-per-source lease (opening the load is the first thing a run does, before it answers
 * 202), which heartbeats keep alive while the run lives. A run reads pages, cleans each record, streams batches and
 * commits with its counts. When its load is lost under it (staged rows lost to a database restart, the lease ran
 * out, the warehouse went away) it starts again from the first page with a new load, up to
 * {@code ingest.run.attempts}; on any other failure it aborts its load so the warehouse is left exactly as it was.
 */
@ApplicationScoped
public class Runs {

    private static final int KEPT = 100;

    private final IngestConfig config;
    private final WarehouseClient warehouse;
    private final RunHistoryClient history;
    private final IngestMetrics metrics;
    private final RecordCleaner cleaner;
    private final HttpClient http;
    private final AtomicReference<Run> current = new AtomicReference<>();
    private final Deque<Run> recent = new ConcurrentLinkedDeque<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "ingest-run"));
    private final ExecutorService senders;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ingest-load-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ingest-page-fetch");
        t.setDaemon(true);
        return t;
    });

    Runs(IngestConfig config, WarehouseClient warehouse, RunHistoryClient history, IngestMetrics metrics) {
        this.config = config;
        this.warehouse = warehouse;
        this.history = history;
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
            throw ProblemException.warehouseUnavailable("could not open a load at the warehouse: " + e.getMessage());
        }
        remember(run);
        Log.infof("run %s started (%s, logical date %s): load %s, source %s", run.id, trigger, logicalDate, run.loadId,
                config.source().url());
        runner.execute(() -> execute(run));
        return run.view();
    }

    /** A run: this replica's live view if it ran it, else the warehouse's history (any replica's, across restarts). */
    public Optional<RunView> get(UUID runId) {
        Optional<RunView> local = recent.stream().filter(r -> r.id.equals(runId)).findFirst().map(Run::view);
        if (local.isPresent()) {
            return local;
        }
        try {
            return history.get(runId);
        } catch (RuntimeException e) {
            throw ProblemException.warehouseUnavailable("run " + runId + " is not one of this replica's, and the "
                    + "warehouse's run history cannot be reached: " + e.getMessage());
        }
    }

    /**
     * The most recent runs of this source, newest first, from the warehouse's history (with this replica's own runs
     * at their freshest); only this replica's if the warehouse cannot be reached.
     */
    public List<RunView> recent(int limit) {
        List<RunView> mine = new ArrayList<>();
        for (Run r : recent) {
            mine.add(r.view());
        }
        List<RunView> all;
        try {
            all = new ArrayList<>(history.recent(config.load().source(), limit));
        } catch (RuntimeException e) {
            Log.warnf("run history at the warehouse unreachable (%s); listing this replica's runs only", e.getMessage());
            return mine.subList(0, Math.min(limit, mine.size()));
        }
        for (RunView m : mine) {
            all.removeIf(r -> r.runId().equals(m.runId()));
        }
        all.addAll(mine);
        all.sort(java.util.Comparator.comparing(RunView::startedAt).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** Reports the run to the warehouse's history; a failed report is made good by the next one. */
    private boolean publish(Run run) {
        Map.Entry<RunView, Long> report = run.report();
        try {
            history.report(report.getKey(), config.load().source(), report.getValue());
            return true;
        } catch (RuntimeException e) {
            Log.debugf("run %s: could not report to the run history (%s)", run.id, e.getMessage());
            return false;
        }
    }

    /** Reports a finished run, trying again every few seconds (within the warehouse patience) until it is stored. */
    private void publishFinal(Run run, long deadline) {
        if (publish(run) || System.nanoTime() > deadline) {
            return;
        }
        heartbeats.schedule(() -> publishFinal(run, deadline), 5, TimeUnit.SECONDS);
    }

    private void remember(Run run) {
        recent.addFirst(run);
        while (recent.size() > KEPT) {
            recent.pollLast();
        }
    }

    private void execute(Run run) {
        long started = System.nanoTime();
        int allowed = Math.max(1, config.run().attempts());
        try {
            for (int attempt = 1; ; attempt++) {
                if (attempt == 1) {
                    run.beginAttempt(1, run.loadId);
                } else {
                    run.beginAttempt(attempt, reopen(run));
                }
                publish(run);
                try {
                    attempt(run);
                    break;
                } catch (LoadLost e) {
                    run.attemptLost(e.getMessage());
                    abort(run);
                    if (attempt >= allowed) {
                        throw new IllegalStateException("attempt " + attempt + " of " + allowed + " lost its load: "
                                + e.getMessage() + " (ingest.run.attempts)", e);
                    }
                    metrics.attemptsLost.increment();
                    Log.warnf("run %s: attempt %d of %d lost load %s (%s); starting again from the first page",
                            run.id, attempt, allowed, run.loadId, e.getMessage());
                }
            }
            run.status = RunStatus.SUCCEEDED;
            metrics.succeeded.increment();
            metrics.lastSuccess.set(Instant.now().getEpochSecond());
            metrics.fetched.increment(run.fetched.get());
            metrics.loaded.increment(run.loaded);
            metrics.rejected.increment(run.rejected.get());
            metrics.duplicates.increment(run.duplicates);
        } catch (RuntimeException | Error e) {
            // an Error too (out of memory, stack overflow): the run must end and let go of its load
            run.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof Error) {
                run.error = e.getClass().getSimpleName() + ": " + run.error;
            }
            abort(run);
            run.status = RunStatus.FAILED;
            metrics.failed.increment();
            Log.errorf("run %s FAILED after %d pages, %d records: %s", run.id, run.pages.get(), run.fetched.get(), run.error);
        } finally {
            run.finishedAt = Instant.now();
            metrics.duration.record(Duration.ofNanos(System.nanoTime() - started));
            current.compareAndSet(run, null);
            publishFinal(run, System.nanoTime() + config.run().warehousePatience().toNanos());
        }
        if (run.status == RunStatus.SUCCEEDED) {
            Log.infof("run %s SUCCEEDED in %d ms (attempt %d): %d pages, %d fetched = %d loaded + %d rejected + %d duplicates (%d retries)",
                    run.id, Duration.between(run.startedAt, run.finishedAt).toMillis(), run.attempts.size(), run.pages.get(),
                    run.fetched.get(), run.loaded, run.rejected.get(), run.duplicates, run.retries.get());
        }
    }

    /**
     * One attempt on the run's current load: read every page, clean, stream batches, commit. Throws
     * {@link LoadLost} when the load went away under it (the next attempt may succeed), anything else when the
     * run cannot succeed (the source failed, a batch was refused as invalid).
     */
    private void attempt(Run run) {
        SourceClient client = new SourceClient(http, config.source(), () -> {
            run.retries.incrementAndGet();
            metrics.retries.increment();
        });
        BatchSender sender = new BatchSender(warehouse, run.loadId, config.batchSize(), config.load().inFlight(), senders);
        ScheduledFuture<?> heartbeat = heartbeats.scheduleWithFixedDelay(() -> heartbeat(run, sender),
                config.load().heartbeatEvery().toMillis(), config.load().heartbeatEvery().toMillis(), TimeUnit.MILLISECONDS);
        try {
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
        } catch (RuntimeException e) {
            throw LoadLost.isLoadLost(e) ? new LoadLost(e.getMessage(), e) : e;
        } finally {
            heartbeat.cancel(false);
        }
        WarehouseApiTypes.Counts counts = commit(run, sender);
        run.loaded = counts.loaded();
        run.duplicates = counts.duplicates();
        long fetched = run.fetched.get();
        if (fetched != run.loaded + run.rejected.get() + run.duplicates) {
            // cannot happen if both sides count right; say so loudly rather than report a clean run
            throw new IllegalStateException("conservation violated: fetched " + fetched + " != loaded " + run.loaded
                    + " + rejected " + run.rejected.get() + " + duplicates " + run.duplicates);
        }
    }

    /** Keeps the load's lease alive; a load found gone stops the attempt at its next check. */
    private void heartbeat(Run run, BatchSender sender) {
        publish(run);
        try {
            warehouse.heartbeat(run.loadId);
        } catch (WarehouseConflictException e) {
            sender.fail(new LoadLost("the warehouse no longer keeps load " + run.loadId + " open: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            // unreachable for now: batches retry on their own, and the lease outlasts a few missed heartbeats
            Log.debugf("run %s: heartbeat for load %s failed: %s", run.id, run.loadId, e.getMessage());
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

    /**
     * Commits. A 409 means the load is lost (staged rows gone, expired, aborted). If the answer itself is lost (the
     * warehouse was killed, a timeout), the commit may or may not have happened: ask the warehouse, patiently,
     * and commit again while the load is still OPEN (a commit is atomic, so a retry is safe).
     */
    private WarehouseApiTypes.Counts commit(Run run, BatchSender sender) {
        long deadline = System.nanoTime() + config.run().warehousePatience().toNanos();
        RuntimeException lost = null; // the failure that lost the last commit's answer
        for (int wait = 1; ; wait = Math.min(wait * 2, 10)) {
            try {
                if (lost != null) {
                    WarehouseApiTypes.LoadStatus status = warehouse.status(run.loadId);
                    if (status.counts() != null) {
                        return status.counts();
                    }
                    if (!"OPEN".equals(status.status())) {
                        throw new LoadLost("load " + run.loadId + " is " + status.status()
                                + " after a commit whose answer was lost", lost);
                    }
                }
                return warehouse.commit(run.loadId, sender.batches(), sender.records(), sender.rejects());
            } catch (WarehouseConflictException e) {
                throw new LoadLost("commit refused: " + e.getMessage(), e);
            } catch (LoadLost e) {
                throw e;
            } catch (RuntimeException e) {
                lost = e;
            }
            if (System.nanoTime() >= deadline) {
                throw new LoadLost("the warehouse did not answer whether load " + run.loadId + " committed within "
                        + config.run().warehousePatience().toSeconds() + " s (ingest.run.warehouse-patience): "
                        + lost.getMessage(), lost);
            }
            Log.warnf("run %s: the answer to the commit of load %s was lost (%s); asking the warehouse", run.id,
                    run.loadId, lost.getMessage());
            pause(Duration.ofSeconds(wait));
        }
    }

    /**
     * The next attempt's load. The lost one was aborted if the warehouse could be reached; if not, its lease must
     * run out first (warehouse.load.lease), so this waits, patiently, while the warehouse says another load is open
     * or cannot be reached.
     */
    private UUID reopen(Run run) {
        long deadline = System.nanoTime() + config.run().warehousePatience().toNanos();
        RuntimeException last = null;
        for (int wait = 1; ; wait = Math.min(wait * 2, 10)) {
            try {
                UUID load = warehouse.open(config.load().source(), run.id.toString());
                Log.infof("run %s: attempt %d on load %s", run.id, run.attempts.size() + 1, load);
                return load;
            } catch (RuntimeException e) {
                if (!LoadLost.isLoadLost(e)) {
                    throw e;
                }
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("could not open a load for attempt " + (run.attempts.size() + 1)
                        + " within " + config.run().warehousePatience().toSeconds() + " s (ingest.run.warehouse-patience): "
                        + last.getMessage(), last);
            }
            pause(Duration.ofSeconds(wait));
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis()); // backoff between calls to a warehouse that is away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the warehouse", e);
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
        heartbeats.shutdownNow();
        fetcher.shutdownNow();
        senders.shutdownNow();
    }
}
