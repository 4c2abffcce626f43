package io.dailyetl.warehouseclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/**
 * A page of a load's quarantined rejects as {@code GET /api/loads/{loadId}/rejects} answers it: {@code total} of them
 * in all, this page's {@code limit} after {@code offset}, in the order they were sent.
 */
public record RejectPage(UUID loadId, long total, int limit, long offset, List<Item> rejects) {

    /** One rejected record: its batch and position, its source page, why (naming the field), and the record as fetched. */
    public record Item(int seq, int position, Integer page, String reason, JsonNode raw) {}
}
