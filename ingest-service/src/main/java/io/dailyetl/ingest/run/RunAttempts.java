package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.ErrorKind;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.load.LoadLost;
import io.dailyetl.ingest.load.WarehouseLoad;
import io.dailyetl.ingest.load.WarehouseLoads;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Runs a started run to its end, on the run's thread. It makes attempts ({@link IngestPipeline}); when an attempt's
 * load is lost under it (staged rows lost to a database restart, the lease ran out, the warehouse went away) it
 * starts again from the first page with a new load, up to {@code ingest.run.attempts}; on any other failure it
 * aborts its load so the warehouse is left exactly as it was. Then it records the outcome (metrics, log, span) and
 * reports it to the run history, which it also does every {@code ingest.load.heartbeat-every} while the run lives.
 */
@Singleton
class RunAttempts {

    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final WarehouseLoads loads;
    private final IngestPipeline pipeline;
    private final RunHistoryReporter reporter;
    private final RunThreads threads;

    RunAttempts(
            IngestConfig config,
            IngestMetrics metrics,
            WarehouseLoads loads,
            IngestPipeline pipeline,
            RunHistoryReporter reporter,
            RunThreads threads) {
        this.config = config;
        this.metrics = metrics;
        this.loads = loads;
        this.pipeline = pipeline;
        this.reporter = reporter;
        this.threads = threads;
    }

    /** Runs {@code run}, whose first load is {@code first}, to its end; {@code release} lets the next run start. */
    void execute(Run run, WarehouseLoad first, Span span, Runnable release) {
        long started = System.nanoTime();
        ScheduledFuture<?> reports = reporter.every(run, config.load().heartbeatEvery());
        WarehouseLoad load = first;
        try {
            int allowed = Math.max(1, config.run().attempts());
            for (int attempt = 1; ; attempt++) {
                if (attempt > 1) {
                    load = loads.reopen(run.source.name(), run.id, attempt, threads.senders, threads.heartbeats);
                    Log.infof("run %s: attempt %d on load %s", run.id, attempt, load.id());
                }
                if (attempted(run, load, attempt, allowed)) {
                    break;
                }
            }
            run.succeeded();
            metrics.of(run.source.name()).succeeded(run.progress());
        } catch (RuntimeException | Error e) {
            // an Error too (out of memory, stack overflow): the run must end and let go of its load
            failed(run, load, e);
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, run.progress().error());
        } finally {
            reports.cancel(false);
            run.finished();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.of(run.source.name()).finished(run.progress(), took);
            release.run();
            reporter.reportFinal(run);
            RunProgress end = run.progress();
            span.setAttribute("ingest.run.status", end.status().name());
            span.setAttribute("ingest.run.attempts", end.attempts().size());
            span.setAttribute("ingest.run.pages", end.counts().pages());
            span.setAttribute("ingest.run.fetched", end.counts().fetched());
            span.end();
        }
        if (run.progress().status() == RunStatus.SUCCEEDED) {
            logSuccess(run);
        }
    }

    /**
     * Makes attempt {@code attempt} on {@code load}: true if it committed, false if it lost its load and another
     * attempt is allowed; throws if it failed, or lost its load with no attempt left.
     */
    private boolean attempted(Run run, WarehouseLoad load, int attempt, int allowed) {
        run.attempting(attempt, load.id());
        reporter.report(run);
        try {
            pipeline.attempt(run, load);
            return true;
        } catch (LoadLost e) {
            run.attemptLost(e.getMessage());
            load.abort();
            if (attempt >= allowed) {
                throw new IllegalStateException(
                        "attempt " + attempt + " of " + allowed + " lost its load: " + e.getMessage()
                                + " (ingest.run.attempts)",
                        e);
            }
            metrics.of(run.source.name()).attemptsLost.increment();
            Log.warnf(
                    "run %s: attempt %d of %d lost load %s (%s); starting again from the first page",
                    run.id, attempt, allowed, load.id(), e.getMessage());
            return false;
        }
    }

    private void failed(Run run, WarehouseLoad load, Throwable e) {
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof Error) {
            error = e.getClass().getSimpleName() + ": " + error;
        }
        load.abort();
        RunProgress.Failure why = RunFailures.classify(e, error);
        if (why.kind() == ErrorKind.CHECKS) {
            why = why.withChecks(load.judgement());
        }
        run.failed(why);
        metrics.of(run.source.name()).failed.increment();
        RunProgress p = run.progress();
        Log.errorf(
                "run %s FAILED (%s, %s) after %d pages, %d records: %s",
                run.id,
                why.kind() == null ? "unclassified" : why.kind(),
                why.mayPass() ? "transient" : "permanent",
                p.counts().pages(),
                p.counts().fetched(),
                why.message());
    }

    private static void logSuccess(Run run) {
        RunProgress p = run.progress();
        RunProgress.Committed c = p.committed();
        Log.infof(
                "run %s SUCCEEDED in %d ms (attempt %d): %d pages, %d fetched = %d loaded (%d new, %d changed, "
                        + "%d unchanged) + %d rejected + %d duplicates (%d retries); watermark %s",
                run.id,
                Duration.between(run.startedAt, p.finishedAt()).toMillis(),
                p.attempts().size(),
                p.counts().pages(),
                p.counts().fetched(),
                c.loaded(),
                n(c.inserted()),
                n(c.updated()),
                n(c.unchanged()),
                p.counts().rejected(),
                c.duplicates(),
                p.counts().retries(),
                c.watermark() == null ? "none" : c.watermark());
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }
}
