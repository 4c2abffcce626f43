package io.dailyetl.warehouse.staging;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;
import java.util.UUID;

/** A page of a load's quarantined rejects, in the order they were sent (batch, then position). */
public record RejectPage(UUID loadId, long total, int limit, int offset, List<Item> rejects) {

    /** One rejected source record: why, from which page, and the record exactly as it was fetched. */
    public record Item(
            int seq,
            int position,
            Integer page,
            String reason,
            @JsonRawValue String raw) {}
}
