package io.dailyetl.ingest.run;

import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.load.BatchSender;
import io.dailyetl.warehouseclient.LoadsClient;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an attempt's load alive while it runs: every {@code ingest.load.heartbeat-every} it reports the run to the
 * history and tells the warehouse the load is still in use, so the lease does not run out while a slow source keeps
 * it waiting. A load the warehouse no longer keeps open fails the attempt's batches, which stops it at its next check.
 */
@Singleton
class LoadHeartbeat {

    private final LoadsClient warehouse;
    private final RunHistoryReporter reporter;
    private final IngestConfig config;
    private final RunThreads threads;

    LoadHeartbeat(LoadsClient warehouse, RunHistoryReporter reporter, IngestConfig config, RunThreads threads) {
        this.warehouse = warehouse;
        this.reporter = reporter;
        this.config = config;
        this.threads = threads;
    }

    /** Starts beating for the run's current load; cancel the returned future when the attempt ends. */
    ScheduledFuture<?> start(Run run, BatchSender sender) {
        long every = config.load().heartbeatEvery().toMillis();
        return threads.heartbeats.scheduleWithFixedDelay(() -> beat(run, sender), every, every, TimeUnit.MILLISECONDS);
    }

    private void beat(Run run, BatchSender sender) {
        reporter.report(run);
        try {
            warehouse.heartbeat(run.loadId);
        } catch (WarehouseConflictException e) {
            sender.fail(
                    new LoadLost("the warehouse no longer keeps load " + run.loadId + " open: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            // unreachable for now: batches retry on their own, and the lease outlasts a few missed heartbeats
            Log.debugf("run %s: heartbeat for load %s failed: %s", run.id, run.loadId, e.getMessage());
        }
    }
}
