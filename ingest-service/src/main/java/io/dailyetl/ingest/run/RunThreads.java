package io.dailyetl.ingest.run;

import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.trace.TracedExecutor;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The threads runs work on: one runs the runs themselves (one at a time), one reads pages ahead, a pool sends
 * batches ({@code ingest.load.in-flight}), and one schedules heartbeats and report retries. All stop at shutdown.
 * Each task runs in the trace context it was handed over in, so everything a run does is in the run's trace.
 */
@Singleton
class RunThreads {

    final ExecutorService runner =
            new TracedExecutor(Executors.newSingleThreadExecutor(r -> new Thread(r, "ingest-run")));
    final ScheduledExecutorService heartbeats =
            Context.taskWrapping(Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ingest-load-heartbeat")));
    final ExecutorService fetcher =
            new TracedExecutor(Executors.newSingleThreadExecutor(r -> daemon(r, "ingest-page-fetch")));
    final ExecutorService senders;

    RunThreads(IngestConfig config) {
        this.senders = new TracedExecutor(Executors.newFixedThreadPool(
                Math.max(1, config.load().inFlight()), r -> daemon(r, "ingest-batch-sender")));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void shutdown(@Observes ShutdownEvent event) {
        runner.shutdownNow();
        heartbeats.shutdownNow();
        fetcher.shutdownNow();
        senders.shutdownNow();
    }
}
