package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.trace.TracedExecutor.LogIds;
import io.dailyetl.warehouseclient.RunsClient;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts and runs ingest runs, one at a time: here through an in-process guard, across replicas through the
 * warehouse's one-open-load-per-source lease (opening the load is the first thing a run does, before it answers
 * 202), which heartbeats keep alive while the run lives. A run makes attempts ({@link IngestPipeline}); when an
 * attempt's load is lost under it (staged rows lost to a database restart, the lease ran out, the warehouse went
 * away) it starts again from the first page with a new load, up to {@code ingest.run.attempts}; on any other
 * failure it aborts its load so the warehouse is left exactly as it was. Then it settles and reports. Each run is one
 * trace: its span ("ingest run") is the parent of the load's calls to the warehouse and of the source's page reads.
 */
@ApplicationScoped
public class Runs {

    private static final int KEPT = 100;

    private final IngestConfig config;
    private final RunsClient history;
    private final IngestMetrics metrics;
    private final WarehouseLoads loads;
    private final IngestPipeline pipeline;
    private final RunHistoryReporter reporter;
    private final RunThreads threads;
    private final PullPlanner pulls;
    private final Tracer tracer;
    private final AtomicReference<Run> current = new AtomicReference<>();
    private final Deque<Run> recent = new ConcurrentLinkedDeque<>();

    Runs(
            IngestConfig config,
            RunsClient history,
            IngestMetrics metrics,
            WarehouseLoads loads,
            IngestPipeline pipeline,
            RunHistoryReporter reporter,
            RunThreads threads,
            PullPlanner pulls,
            Tracer tracer) {
        this.pulls = pulls;
        this.config = config;
        this.history = history;
        this.metrics = metrics;
        this.loads = loads;
        this.pipeline = pipeline;
        this.reporter = reporter;
        this.threads = threads;
        this.tracer = tracer;
    }

    /**
     * Starts a run: {@link RunAlreadyActive} if one is in progress here or (the warehouse says) in another replica;
     * {@link WarehouseUnreachable} if the warehouse cannot be reached. Returns once the run's load is open; the run
     * goes on in the background.
     */
    public RunView start(LocalDate logicalDate, String trigger) {
        return start(logicalDate, trigger, PullRequest.NONE);
    }

    /**
     * Starts a run as {@link #start(LocalDate, String)} does, pulling what {@code request} asks for (a backfill
     * window, or everything) instead of what the mode decides. The caller has checked that the request suits the
     * configuration (a window needs incremental mode; {@code to} needs the source's upper-bound parameter).
     */
    public RunView start(LocalDate logicalDate, String trigger, PullRequest request) {
        Run run = new Run(logicalDate, trigger);
        if (!current.compareAndSet(null, run)) {
            throw new RunAlreadyActive("run " + current.get().id + " is in progress");
        }
        // a child of the request that started it, if any (the caller's trace); the run thread makes it current again
        Span span = tracer.spanBuilder("ingest run")
                .setAttribute("ingest.run.id", run.id.toString())
                .setAttribute("ingest.run.trigger", trigger)
                .setAttribute("ingest.source", config.load().source())
                .startSpan();
        if (span.getSpanContext().isValid()) {
            run.traceId = span.getSpanContext().getTraceId();
        }
        try (Scope ignored = span.makeCurrent();
                LogIds ignored2 = LogIds.of(span)) {
            try {
                run.loadId = loads.open(run);
                try {
                    run.pull = pulls.plan(request);
                } catch (RuntimeException e) {
                    loads.abort(run);
                    throw e;
                }
            } catch (RuntimeException e) {
                current.set(null);
                span.recordException(e);
                span.setStatus(StatusCode.ERROR, "not started");
                span.end();
                throw e;
            }
            remember(run);
            Log.infof(
                    "run %s started (%s, logical date %s): load %s, source %s, %s",
                    run.id, trigger, logicalDate, run.loadId, config.source().url(), describe(run.pull));
            threads.runner.execute(() -> execute(run, span));
        }
        return run.view();
    }

    /** A run: this replica's live view if it ran it, else the warehouse's history (any replica's, across restarts). */
    public Optional<RunView> get(UUID runId) {
        Optional<RunView> local =
                recent.stream().filter(r -> r.id.equals(runId)).findFirst().map(Run::view);
        if (local.isPresent()) {
            return local;
        }
        try {
            return history.get(runId);
        } catch (RuntimeException e) {
            throw new WarehouseUnreachable("run " + runId + " is not one of this replica's, and the "
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
            Log.warnf(
                    "run history at the warehouse unreachable (%s); listing this replica's runs only", e.getMessage());
            return mine.subList(0, Math.min(limit, mine.size()));
        }
        for (RunView m : mine) {
            all.removeIf(r -> r.runId().equals(m.runId()));
        }
        all.addAll(mine);
        all.sort(Comparator.comparing(RunView::startedAt).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    private static String describe(Pull pull) {
        return switch (pull.mode()) {
            case FULL ->
                "full pull" + (pull.watermarkAtStart() == null ? "" : " (watermark " + pull.watermarkAtStart() + ")");
            case INCREMENTAL ->
                "incremental pull of changes since " + pull.since()
                        + (pull.watermarkAtStart() == null
                                ? " (initial value)"
                                : " (watermark " + pull.watermarkAtStart() + " less the look-back)");
            case BACKFILL ->
                "backfill of changes in [" + pull.since() + ", " + (pull.before() == null ? "now" : pull.before())
                        + ")";
        };
    }

    private void remember(Run run) {
        recent.addFirst(run);
        while (recent.size() > KEPT) {
            recent.pollLast();
        }
    }

    private void execute(Run run, Span span) {
        long started = System.nanoTime();
        try {
            attemptUntilCommitted(run);
            succeeded(run);
        } catch (RuntimeException | Error e) {
            // an Error too (out of memory, stack overflow): the run must end and let go of its load
            failed(run, e);
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, run.error);
        } finally {
            run.finishedAt = Instant.now();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.duration.record(took);
            if (run.status == RunStatus.SUCCEEDED) {
                metrics.lastRun(run.fetched.get(), run.loaded, run.rejected.get(), run.duplicates, took);
                metrics.lastRunIds(n(run.inserted), n(run.updated), n(run.unchanged));
            }
            current.compareAndSet(run, null);
            reporter.reportFinal(run);
            span.setAttribute("ingest.run.status", run.status.name());
            span.setAttribute("ingest.run.attempts", run.attempts.size());
            span.setAttribute("ingest.run.pages", run.pages.get());
            span.setAttribute("ingest.run.fetched", run.fetched.get());
            span.end();
        }
        if (run.status == RunStatus.SUCCEEDED) {
            Log.infof(
                    "run %s SUCCEEDED in %d ms (attempt %d): %d pages, %d fetched = %d loaded (%d new, %d changed, "
                            + "%d unchanged) + %d rejected + %d duplicates (%d retries); watermark %s",
                    run.id,
                    Duration.between(run.startedAt, run.finishedAt).toMillis(),
                    run.attempts.size(),
                    run.pages.get(),
                    run.fetched.get(),
                    run.loaded,
                    n(run.inserted),
                    n(run.updated),
                    n(run.unchanged),
                    run.rejected.get(),
                    run.duplicates,
                    run.retries.get(),
                    run.watermark == null ? "none" : run.watermark);
        }
    }

    /** Makes attempts, each on a new load after the first, until one commits or the attempts allowed are used up. */
    private void attemptUntilCommitted(Run run) {
        int allowed = Math.max(1, config.run().attempts());
        for (int attempt = 1; ; attempt++) {
            run.beginAttempt(attempt, attempt == 1 ? run.loadId : loads.reopen(run));
            reporter.report(run);
            try {
                pipeline.attempt(run);
                return;
            } catch (LoadLost e) {
                run.attemptLost(e.getMessage());
                loads.abort(run);
                if (attempt >= allowed) {
                    throw new IllegalStateException(
                            "attempt " + attempt + " of " + allowed + " lost its load: " + e.getMessage()
                                    + " (ingest.run.attempts)",
                            e);
                }
                metrics.attemptsLost.increment();
                Log.warnf(
                        "run %s: attempt %d of %d lost load %s (%s); starting again from the first page",
                        run.id, attempt, allowed, run.loadId, e.getMessage());
            }
        }
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private void succeeded(Run run) {
        run.status = RunStatus.SUCCEEDED;
        metrics.succeeded.increment();
        metrics.lastSuccess.set(Instant.now().getEpochSecond());
        metrics.fetched.increment(run.fetched.get());
        metrics.loaded.increment(run.loaded);
        metrics.rejected.increment(run.rejected.get());
        metrics.duplicates.increment(run.duplicates);
    }

    private void failed(Run run, Throwable e) {
        run.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof Error) {
            run.error = e.getClass().getSimpleName() + ": " + run.error;
        }
        loads.abort(run);
        run.status = RunStatus.FAILED;
        metrics.failed.increment();
        Log.errorf(
                "run %s FAILED after %d pages, %d records: %s", run.id, run.pages.get(), run.fetched.get(), run.error);
    }
}
