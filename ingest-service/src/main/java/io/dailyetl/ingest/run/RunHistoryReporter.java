package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.RunView;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.warehouseclient.RunsClient;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reports runs to the warehouse's run history, so any replica can answer for any run: while they run, and when they
 * end. A failed report is made good by the next one; a finished run's report is tried again until it is stored or
 * the warehouse patience runs out.
 */
@Singleton
class RunHistoryReporter {

    private static final long FINAL_RETRY_SECONDS = 5;

    private final RunsClient history;
    private final IngestConfig config;
    private final RunThreads threads;

    RunHistoryReporter(RunsClient history, IngestConfig config, RunThreads threads) {
        this.history = history;
        this.config = config;
        this.threads = threads;
    }

    /** Reports the run as it is now; false if the warehouse did not take it. */
    boolean report(Run run) {
        Map.Entry<RunView, Long> report = run.report();
        try {
            history.report(report.getKey(), report.getValue());
            return true;
        } catch (RuntimeException e) {
            Log.debugf("run %s: could not report to the run history (%s)", run.id, e.getMessage());
            return false;
        }
    }

    /** Reports the run every {@code every} until the returned future is cancelled. */
    ScheduledFuture<?> every(Run run, Duration every) {
        long millis = every.toMillis();
        return threads.heartbeats.scheduleWithFixedDelay(() -> report(run), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Reports a finished run, trying again in the background within {@code ingest.run.warehouse-patience}. */
    void reportFinal(Run run) {
        reportFinal(run, System.nanoTime() + config.run().warehousePatience().toNanos());
    }

    private void reportFinal(Run run, long deadline) {
        if (report(run) || System.nanoTime() > deadline) {
            return;
        }
        threads.heartbeats.schedule(() -> reportFinal(run, deadline), FINAL_RETRY_SECONDS, TimeUnit.SECONDS);
    }
}
