package io.dailyetl.ingest.run;

import io.dailyetl.contract.loads.LoadState;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.load.BatchSender;
import io.dailyetl.warehouseclient.LoadsClient;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;

/**
 * A run's loads at the warehouse: opening one (which is what keeps runs of a source one at a time across
 * replicas), opening the next attempt's, committing, and aborting. Where the warehouse may only be away for a
 * while, these wait for it within {@code ingest.run.warehouse-patience}.
 */
@Singleton
class WarehouseLoads {

    private static final int MAX_WAIT_SECONDS = 10;

    private final LoadsClient warehouse;
    private final IngestConfig config;

    WarehouseLoads(LoadsClient warehouse, IngestConfig config) {
        this.warehouse = warehouse;
        this.config = config;
    }

    /** Opens the run's first load; refused while another run of the source holds one. */
    UUID open(Run run) {
        try {
            return warehouse.open(config.load().source(), run.id.toString());
        } catch (WarehouseConflictException e) {
            throw new RunAlreadyActive(
                    "a run of " + config.load().source() + " is in progress elsewhere: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new WarehouseUnreachable("could not open a load at the warehouse: " + e.getMessage());
        }
    }

    /**
     * The next attempt's load. The lost one was aborted if the warehouse could be reached; if not, its lease must
     * run out first (warehouse.load.lease), so this waits, patiently, while the warehouse says another load is open
     * or cannot be reached.
     */
    UUID reopen(Run run) {
        long deadline = deadline();
        RuntimeException last = null;
        for (int wait = 1; ; wait = Math.min(wait * 2, MAX_WAIT_SECONDS)) {
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
                throw new IllegalStateException(
                        "could not open a load for attempt " + (run.attempts.size() + 1) + " within "
                                + patienceSeconds() + " s (ingest.run.warehouse-patience): " + last.getMessage(),
                        last);
            }
            pause(Duration.ofSeconds(wait));
        }
    }

    /**
     * Commits what the sender sent. A 409 means the load is lost (staged rows gone, expired, aborted). If the answer
     * itself is lost (the warehouse was killed, a timeout), the commit may or may not have happened: ask the
     * warehouse, patiently, and commit again while the load is still OPEN (a commit is atomic, so a retry is safe).
     * {@code watermark} (null: none) is the source's new watermark, moved in the commit's transaction.
     */
    LoadState commit(Run run, BatchSender sender, String watermark) {
        long deadline = deadline();
        RuntimeException lost = null; // the failure that lost the last commit's answer
        for (int wait = 1; ; wait = Math.min(wait * 2, MAX_WAIT_SECONDS)) {
            try {
                if (lost != null) {
                    LoadState status = warehouse.status(run.loadId);
                    if (status.committed()) {
                        return status;
                    }
                    if (!status.open()) {
                        throw new LoadLost(
                                "load " + run.loadId + " is " + status.status()
                                        + " after a commit whose answer was lost",
                                lost);
                    }
                }
                return warehouse.commit(run.loadId, sender.batches(), sender.records(), sender.rejects(), watermark);
            } catch (WarehouseConflictException e) {
                throw new LoadLost("commit refused: " + e.getMessage(), e);
            } catch (LoadLost e) {
                throw e;
            } catch (RuntimeException e) {
                lost = e;
            }
            if (System.nanoTime() >= deadline) {
                throw new LoadLost(
                        "the warehouse did not answer whether load " + run.loadId + " committed within "
                                + patienceSeconds() + " s (ingest.run.warehouse-patience): " + lost.getMessage(),
                        lost);
            }
            Log.warnf(
                    "run %s: the answer to the commit of load %s was lost (%s); asking the warehouse",
                    run.id, run.loadId, lost.getMessage());
            pause(Duration.ofSeconds(wait));
        }
    }

    /** Aborts the run's load if it has one, so the warehouse is left as it was; failing that, the lease expires. */
    void abort(Run run) {
        if (run.loadId == null) {
            return;
        }
        try {
            warehouse.abort(run.loadId);
        } catch (RuntimeException e) {
            // the load's lease will expire and the warehouse will discard it then
            Log.warnf(
                    "run %s: could not abort load %s (%s); it expires with its lease",
                    run.id, run.loadId, e.getMessage());
        }
    }

    private long deadline() {
        return System.nanoTime() + config.run().warehousePatience().toNanos();
    }

    private long patienceSeconds() {
        return config.run().warehousePatience().toSeconds();
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis()); // backoff between calls to a warehouse that is away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the warehouse", e);
        }
    }
}
