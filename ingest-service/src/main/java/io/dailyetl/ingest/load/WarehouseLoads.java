package io.dailyetl.ingest.load;

import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.warehouseclient.LoadsClient;
import io.dailyetl.warehouseclient.TransientWarehouseFailure;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Opens a run's loads at the warehouse as {@link WarehouseLoad}s, with the batch sizes, concurrency, heartbeat and
 * patience the configuration gives. The warehouse keeps one load of a source open at a time, which is what keeps a
 * source's runs one at a time across replicas.
 */
@Singleton
public class WarehouseLoads {

    private final LoadsClient warehouse;
    private final IngestConfig config;

    WarehouseLoads(LoadsClient warehouse, IngestConfig config) {
        this.warehouse = warehouse;
        this.config = config;
    }

    /**
     * Opens a run's first load; {@link WarehouseConflictException} while another run of the source holds one, any
     * other failure when the warehouse cannot be reached.
     */
    public WarehouseLoad open(String source, UUID runId, ExecutorService senders, ScheduledExecutorService heartbeats) {
        UUID id = warehouse.open(source, runId.toString());
        return load(runId, id, senders, heartbeats);
    }

    /**
     * Opens the next attempt's load, waiting within {@code ingest.run.warehouse-patience} while the warehouse is
     * away or the lost load still holds the source (its lease runs out if it could not be aborted).
     */
    public WarehouseLoad reopen(
            String source, UUID runId, int attempt, ExecutorService senders, ScheduledExecutorService heartbeats) {
        Duration patience = config.run().warehousePatience();
        try {
            return load(runId, warehouse.reopen(source, runId.toString(), patience), senders, heartbeats);
        } catch (RuntimeException e) {
            if (!TransientWarehouseFailure.isTransient(e) && !(e instanceof WarehouseConflictException)) {
                throw e;
            }
            throw new IllegalStateException(
                    "could not open a load for attempt " + attempt + " within " + patience.toSeconds()
                            + " s (ingest.run.warehouse-patience): " + e.getMessage(),
                    e);
        }
    }

    private WarehouseLoad load(UUID runId, UUID id, ExecutorService senders, ScheduledExecutorService heartbeats) {
        BatchSender sender = new BatchSender(
                warehouse::putBatch,
                id,
                config.batchSize(),
                config.batchBytes().asLongValue(),
                config.load().inFlight(),
                senders);
        return new WarehouseLoad(
                warehouse,
                runId,
                id,
                sender,
                config.run().warehousePatience(),
                heartbeats,
                config.load().heartbeatEvery());
    }
}
