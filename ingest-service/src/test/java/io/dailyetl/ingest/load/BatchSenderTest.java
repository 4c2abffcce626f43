package io.dailyetl.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.ingest.clean.Cleaned;
import io.dailyetl.warehouseclient.CapturingLoadsClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches close at {@code batchSize} records or {@code batchBytes} of body, whichever comes first. */
class BatchSenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ExecutorService senders = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        senders.shutdownNow();
    }

    @Test
    void wideRecordsMakeBatchesNoLargerThanTheByteLimitAndNoRecordIsLost() throws Exception {
        // given a sender allowing 1,000 records but only 8 KiB of body, and records with 1 KiB of attributes
        CapturingLoadsClient warehouse = new CapturingLoadsClient();
        BatchSender sender = new BatchSender(warehouse::putBatch, UUID.randomUUID(), 1_000, 8 * 1024, 2, senders);

        // when 100 such records go through it
        for (int i = 0; i < 100; i++) {
            sender.add(record("id-" + i, "x".repeat(1024)));
        }
        sender.finish();

        // then every batch stopped at the byte limit (give or take the record that crossed it), and together they
        // hold every record once, in order
        List<String> ids = new ArrayList<>();
        for (byte[] body : warehouse.bodies()) {
            assertThat(body.length).isLessThan(8 * 1024 + 2 * 1024);
            JSON.readTree(body)
                    .path("records")
                    .forEach(r -> ids.add(r.path("id").asText()));
        }
        assertThat(warehouse.bodies()).hasSizeGreaterThan(10);
        assertThat(ids).hasSize(100).first().isEqualTo("id-0");
        assertThat(ids).doesNotHaveDuplicates().last().isEqualTo("id-99");
    }

    @Test
    void rejectsCountTowardsTheByteLimitToo() throws Exception {
        // given a sender with a 4 KiB limit, and rejects whose raw records are 1 KiB each
        CapturingLoadsClient warehouse = new CapturingLoadsClient();
        BatchSender sender = new BatchSender(warehouse::putBatch, UUID.randomUUID(), 1_000, 4 * 1024, 2, senders);
        ObjectNode raw = JsonNodeFactory.instance.objectNode().put("id", "r").put("blob", "y".repeat(1024));

        // when only rejects arrive
        for (int i = 0; i < 20; i++) {
            sender.reject(raw, 1, "amount: missing");
        }
        sender.finish();

        // then they were sent in several batches, all 20 of them
        int rejects = 0;
        for (byte[] body : warehouse.bodies()) {
            JsonNode batch = JSON.readTree(body);
            assertThat(batch.path("records")).isEmpty();
            rejects += batch.path("rejects").size();
        }
        assertThat(warehouse.bodies()).hasSizeGreaterThan(3);
        assertThat(rejects).isEqualTo(20);
    }

    @Test
    void smallRecordsMakeBatchesOfBatchSize() throws Exception {
        CapturingLoadsClient warehouse = new CapturingLoadsClient();
        BatchSender sender = new BatchSender(warehouse::putBatch, UUID.randomUUID(), 10, 4L * 1024 * 1024, 2, senders);

        for (int i = 0; i < 25; i++) {
            sender.add(record("id-" + i, "web"));
        }
        sender.finish();

        assertThat(warehouse.bodies())
                .extracting(b -> JSON.readTree(b).path("records").size())
                .containsExactly(10, 10, 5);
    }

    private static Cleaned.Clean record(String id, String channel) {
        return new Cleaned.Clean(
                id,
                "u1",
                new BigDecimal("12.50"),
                "active",
                Instant.parse("2026-11-16T10:00:00Z"),
                JsonNodeFactory.instance.objectNode().put("channel", channel));
    }
}
