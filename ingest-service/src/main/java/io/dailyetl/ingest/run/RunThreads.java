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
 * The threads runs work on, for up to {@code ingest.run.max-concurrent} runs at once: a thread per run runs it, one
 * per run reads its pages ahead, a pool sends batches ({@code ingest.load.in-flight} per run), and one schedules
 * heartbeats and report retries. All stop at shutdown.
 * Each task runs in the trace context it was handed over in, so everything a run does is in the run's trace.
 */
@Singleton
class RunThreads {

    final ExecutorService runner;
    final ScheduledExecutorService heartbeats =
            Context.taskWrapping(Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ingest-load-heartbeat")));
    final ExecutorService fetcher;
    final ExecutorService senders;

    RunThreads(IngestConfig config) {
        int runs = Math.max(1, config.run().maxConcurrent());
        this.runner = new TracedExecutor(Executors.newFixedThreadPool(runs, r -> new Thread(r, "ingest-run")));
        this.fetcher = new TracedExecutor(Executors.newFixedThreadPool(runs, r -> daemon(r, "ingest-page-fetch")));
        this.senders = new TracedExecutor(Executors.newFixedThreadPool(
                runs * Math.max(1, config.load().inFlight()), r -> daemon(r, "ingest-batch-sender")));
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
