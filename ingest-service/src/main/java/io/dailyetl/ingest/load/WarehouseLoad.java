package io.dailyetl.ingest.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.loads.CommitLoad;
import io.dailyetl.contract.loads.CommitResult;
import io.dailyetl.ingest.clean.Cleaned;
import io.dailyetl.warehouseclient.LoadsClient;
import io.dailyetl.warehouseclient.TransientWarehouseFailure;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One load at the warehouse, as one attempt of a run uses it. Its lifecycle: opened ({@link WarehouseLoads}), which
 * also starts its heartbeat; records and rejects added, sent in numbered batches in the background; then either
 * {@link #commit} or {@link #abort}, each of which stops the heartbeat. The heartbeat keeps the lease alive while a
 * slow source keeps the attempt waiting; when the warehouse says the load is no longer open, the heartbeat only
 * tells this handle, and its owner meets that as a {@link LoadLost} at its next {@link #throwIfLost()}.
 */
public final class WarehouseLoad {

    private final LoadsClient warehouse;
    private final UUID runId;
    private final UUID id;
    private final BatchSender sender;
    private final Duration patience;
    private final ScheduledFuture<?> heartbeat;
    private volatile LoadLost gone;

    WarehouseLoad(
            LoadsClient warehouse,
            UUID runId,
            UUID id,
            BatchSender sender,
            Duration patience,
            ScheduledExecutorService heartbeats,
            Duration heartbeatEvery) {
        this.warehouse = warehouse;
        this.runId = runId;
        this.id = id;
        this.sender = sender;
        this.patience = patience;
        long every = heartbeatEvery.toMillis();
        this.heartbeat = heartbeats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** The load's id at the warehouse. */
    public UUID id() {
        return id;
    }

    /** Adds a clean record; a full batch goes to the warehouse. */
    public void add(Cleaned.Clean record) {
        sender.add(record);
    }

    /** Adds a rejected record with its page and reason. */
    public void reject(JsonNode raw, int page, String reason) {
        sender.reject(raw, page, reason);
    }

    /** Throws if the load is no longer usable: a batch failed, or the heartbeat heard the load is gone. */
    public void throwIfLost() {
        LoadLost lost = gone;
        if (lost != null) {
            throw lost;
        }
        sender.throwIfFailed();
    }

    /**
     * Sends what is left, waits for every batch, and commits them, carrying {@code watermark} (null: none), the
     * source's new watermark that the commit moves in its transaction. {@link LoadLost} if the warehouse refused
     * the commit (409) or did not say whether it committed within {@code ingest.run.warehouse-patience}.
     */
    public CommitResult commit(String watermark) {
        try {
            sender.finish();
            throwIfLost();
        } finally {
            heartbeat.cancel(false);
        }
        CommitLoad commit = new CommitLoad(sender.batches(), sender.records(), sender.rejects(), watermark);
        try {
            return warehouse.commit(id, commit, patience);
        } catch (WarehouseConflictException e) {
            throw new LoadLost("commit refused: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (!TransientWarehouseFailure.isTransient(e)) {
                throw e;
            }
            throw new LoadLost(
                    "the warehouse did not answer whether load " + id + " committed within " + patience.toSeconds()
                            + " s (ingest.run.warehouse-patience): " + e.getMessage(),
                    e);
        }
    }

    /**
     * The results of this load's latest judgement by the warehouse's data checks, passes included; empty if none was
     * judged or the warehouse could not say (a run shows them, it does not depend on them).
     */
    public List<CheckResult> judgement() {
        try {
            return warehouse.checks(id);
        } catch (RuntimeException e) {
            Log.warnf("run %s: could not read the data checks of load %s (%s)", runId, id, e.getMessage());
            return List.of();
        }
    }

    /** Aborts the load, so the warehouse is left as it was; failing that, the load expires with its lease. */
    public void abort() {
        heartbeat.cancel(false);
        try {
            warehouse.abort(id);
        } catch (RuntimeException e) {
            // the load's lease will expire and the warehouse will discard it then
            Log.warnf("run %s: could not abort load %s (%s); it expires with its lease", runId, id, e.getMessage());
        }
    }

    private void beat() {
        try {
            warehouse.heartbeat(id);
        } catch (WarehouseConflictException e) {
            gone = new LoadLost("the warehouse no longer keeps load " + id + " open: " + e.getMessage(), e);
            heartbeat.cancel(false);
        } catch (RuntimeException e) {
            // unreachable for now: batches retry on their own, and the lease outlasts a few missed heartbeats
            Log.debugf("run %s: heartbeat for load %s failed: %s", runId, id, e.getMessage());
        }
    }
}
