package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.warehouse.failure.WarehouseFailure;
import java.util.UUID;

/** A commit's counts are not what the ledger says was staged; nothing was merged and the load stays OPEN. */
public final class StagedCountsDiffer extends WarehouseFailure {

    StagedCountsDiffer(UUID loadId, int batches, long records, long rejects, LoadBatches.Counts staged) {
        super(
                Kind.STAGED_COUNTS_DIFFER,
                ("load %s: the commit says %d batches, %d records, %d rejects but %d batches, %d records, %d rejects "
                                + "are staged; nothing was merged and the load stays OPEN")
                        .formatted(
                                loadId,
                                batches,
                                records,
                                rejects,
                                staged.batches(),
                                staged.records(),
                                staged.rejects()));
    }
}
