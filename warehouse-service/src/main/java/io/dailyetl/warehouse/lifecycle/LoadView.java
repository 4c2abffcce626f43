package io.dailyetl.warehouse.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A load as the API shows it. For an OPEN load the counts are what has been staged so far; for a COMMITTED one
 * they are what the commit merged.
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

    static LoadView of(Load l) {
        return new LoadView(
                l.id,
                l.source,
                l.runId,
                l.status,
                l.openedAt,
                l.leaseExpiresAt,
                l.finishedAt,
                l.batches,
                l.records,
                l.rejects,
                l.inserted,
                l.updated,
                l.unchanged,
                l.duplicates);
    }

    LoadView withStaged(int batches, long records, long rejects) {
        return new LoadView(
                loadId,
                source,
                runId,
                status,
                openedAt,
                leaseExpiresAt,
                finishedAt,
                batches,
                records,
                rejects,
                inserted,
                updated,
                unchanged,
                duplicates);
    }
}
