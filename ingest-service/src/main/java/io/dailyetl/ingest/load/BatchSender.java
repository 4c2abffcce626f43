package io.dailyetl.ingest.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.ingest.clean.Cleaned;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a load's records to the warehouse as numbered batches of {@code batchSize} clean records, or fewer when a
 * batch's body reaches {@code batchBytes} first (rejects ride along with the batch being filled, and count towards
 * its bytes). Up to {@code inFlight} batches are sent concurrently while the caller keeps
 * reading; when they are all busy the caller waits, so memory stays bounded. Batch numbers follow the order
 * records were read, so the warehouse's last-wins rule holds whatever order the batches arrive in.
 */
public class BatchSender {

    private final Put warehouse;
    private final UUID loadId;
    private final int batchSize;
    private final long batchBytes;
    private final ExecutorService senders;
    private final Semaphore slots;
    private final int inFlight;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** Where a batch goes: the warehouse's {@code PUT /api/loads/{loadId}/batches/{seq}}, in a run. */
    @FunctionalInterface
    public interface Put {
        void put(UUID loadId, int seq, byte[] body);
    }

    private BatchBody current = new BatchBody();
    private int seq;
    private long records;
    private long rejects;

    public BatchSender(
            Put warehouse, UUID loadId, int batchSize, long batchBytes, int inFlight, ExecutorService senders) {
        this.warehouse = warehouse;
        this.loadId = loadId;
        this.batchSize = Math.max(1, batchSize);
        this.batchBytes = Math.max(1, batchBytes);
        this.inFlight = Math.max(1, inFlight);
        this.senders = senders;
        this.slots = new Semaphore(this.inFlight);
    }

    /** Adds a clean record; sends the batch when it is full. */
    public void add(Cleaned.Clean record) {
        current.record(record);
        records++;
        if (current.records >= batchSize || current.bytes() >= batchBytes) {
            send();
        }
    }

    /** Adds a rejected record with its page and reason. */
    public void reject(JsonNode raw, int page, String reason) {
        current.reject(raw, page, reason);
        rejects++;
        if (current.bytes() >= batchBytes) {
            send();
        }
    }

    /** Sends what is left and waits for every batch; throws the first failure of any of them. */
    public void finish() {
        if (current.records > 0 || current.rejects > 0) {
            send();
        }
        try {
            slots.acquire(inFlight);
            slots.release(inFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for batches in flight", e);
        }
        throwIfFailed();
    }

    /** Throws the first failure of a batch sent so far, if any (so the reader stops early). */
    public void throwIfFailed() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    public int batches() {
        return seq;
    }

    public long records() {
        return records;
    }

    public long rejects() {
        return rejects;
    }

    private void send() {
        throwIfFailed();
        byte[] body = current.body();
        int number = seq++;
        current = new BatchBody();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to send batch " + number, e);
        }
        try {
            senders.execute(() -> {
                try {
                    if (failure.get() == null) {
                        warehouse.put(loadId, number, body);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(
                            null, new IllegalStateException("batch " + number + " failed: " + e.getMessage(), e));
                } catch (Error e) {
                    // out of memory or the like: the run must hear of it, not miss a batch
                    failure.compareAndSet(null, new IllegalStateException("batch " + number + " failed: " + e, e));
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }
}
