package io.dailyetl.ingest.load;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.contract.Iso8601;
import io.dailyetl.ingest.SourceJson;
import io.dailyetl.ingest.clean.Cleaned;
import io.dailyetl.ingest.clean.StorableJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a run's records to the warehouse as numbered batches of {@code batchSize} clean records, or fewer when a
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

    private Batch current = new Batch();
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

    /** Makes the run stop at its next check with this failure (e.g. the heartbeat found the load gone). */
    public void fail(RuntimeException e) {
        failure.compareAndSet(null, e);
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
        current = new Batch();
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

    /** One batch body being written: {@code {"records":[…],"rejects":[…]}}, both arrays streamed as they fill. */
    private static final class Batch {
        private static final byte[] RECORDS_PREFIX = "{\"records\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        private static final byte[] REJECTS_PREFIX = ",\"rejects\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        private final ByteArrayOutputStream recordsOut = new ByteArrayOutputStream(256 * 1024);
        private final ByteArrayOutputStream rejectsOut = new ByteArrayOutputStream(1024);
        private final JsonGenerator recordsJson;
        private final JsonGenerator rejectsJson;
        int records;
        int rejects;

        Batch() {
            try {
                recordsOut.writeBytes(RECORDS_PREFIX);
                recordsJson = SourceJson.mapper().getFactory().createGenerator(recordsOut);
                rejectsJson = SourceJson.mapper().getFactory().createGenerator(rejectsOut);
                recordsJson.writeStartArray();
                rejectsJson.writeStartArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void record(Cleaned.Clean r) {
            try {
                recordsJson.writeStartObject();
                recordsJson.writeStringField("id", r.id());
                recordsJson.writeStringField("userId", r.userId());
                recordsJson.writeStringField("amount", r.amount().toPlainString());
                recordsJson.writeStringField("status", r.status());
                recordsJson.writeStringField("createdAt", Iso8601.format(r.createdAt()));
                recordsJson.writeFieldName("attributes");
                if (r.rawAttributes() != null) {
                    // the attributes as the source wrote them, spliced in after what the generator wrote so far
                    recordsJson.writeRawValue("");
                    recordsJson.flush();
                    r.rawAttributes().writeTo(recordsOut);
                } else {
                    writeTree(recordsJson, r.attributes());
                }
                recordsJson.writeEndObject();
                records++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void reject(JsonNode raw, int page, String reason) {
            try {
                rejectsJson.writeStartObject();
                rejectsJson.writeStringField("reason", reason);
                rejectsJson.writeNumberField("page", page);
                rejectsJson.writeFieldName("raw");
                SourceJson.mapper().writeTree(rejectsJson, StorableJson.storable(raw));
                rejectsJson.writeEndObject();
                rejects++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The body's size so far, what the generators still buffer included. */
        long bytes() {
            return recordsOut.size()
                    + recordsJson.getOutputBuffered()
                    + rejectsOut.size()
                    + rejectsJson.getOutputBuffered();
        }

        byte[] body() {
            try {
                recordsJson.writeEndArray();
                rejectsJson.writeEndArray();
                recordsJson.close();
                rejectsJson.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            recordsOut.writeBytes(REJECTS_PREFIX);
            recordsOut.writeBytes(rejectsOut.toByteArray());
            recordsOut.write('}');
            return recordsOut.toByteArray();
        }

        /**
         * Writes a tree as {@code ObjectMapper.writeTree} would (numbers exactly as read), without building a
         * serializer provider for every record (a visible share of ingest's profile).
         */
        private static void writeTree(JsonGenerator g, JsonNode node) throws IOException {
            switch (node.getNodeType()) {
                case OBJECT -> {
                    g.writeStartObject();
                    for (java.util.Map.Entry<String, JsonNode> field : node.properties()) {
                        g.writeFieldName(field.getKey());
                        writeTree(g, field.getValue());
                    }
                    g.writeEndObject();
                }
                case ARRAY -> {
                    g.writeStartArray();
                    for (JsonNode element : node) {
                        writeTree(g, element);
                    }
                    g.writeEndArray();
                }
                case STRING -> g.writeString(node.textValue());
                case BOOLEAN -> g.writeBoolean(node.booleanValue());
                case NULL -> g.writeNull();
                case NUMBER -> {
                    if (node.isBigDecimal()) {
                        g.writeNumber(node.decimalValue());
                    } else if (node.isBigInteger()) {
                        g.writeNumber(node.bigIntegerValue());
                    } else if (node.isIntegralNumber()) {
                        g.writeNumber(node.longValue());
                    } else {
                        SourceJson.mapper().writeTree(g, node); // floats and doubles: never read by SourceJson
                    }
                }
                default -> SourceJson.mapper().writeTree(g, node);
            }
        }
    }
}
