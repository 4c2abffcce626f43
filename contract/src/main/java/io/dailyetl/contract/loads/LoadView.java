package io.dailyetl.contract.loads;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A load as the warehouse answers an open, a heartbeat or a get, and as its senders read it. For an OPEN load the
 * counts are what has been staged so far; for a COMMITTED one they are what the commit merged. Null fields are left
 * out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadView(
        UUID loadId,
        String source,
        String runId,
        LoadStatus status,
        OffsetDateTime openedAt,
        OffsetDateTime leaseExpiresAt,
        OffsetDateTime finishedAt,
        Integer batches,
        Long records,
        Long rejects,
        Long inserted,
        Long updated,
        Long unchanged,
        Long duplicates) {

    /** Whether the load is COMMITTED. */
    @JsonIgnore
    public boolean committed() {
        return status == LoadStatus.COMMITTED;
    }

    /** Whether the load is OPEN: it takes batches and can be committed. */
    @JsonIgnore
    public boolean open() {
        return status == LoadStatus.OPEN;
    }
}
