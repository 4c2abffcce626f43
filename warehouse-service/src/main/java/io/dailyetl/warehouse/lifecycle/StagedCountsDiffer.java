package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.warehouse.failure.WarehouseFailure;
import java.util.UUID;

/** A commit's counts are not what the ledger says was staged; nothing was merged and the load stays OPEN. */
public final class StagedCountsDiffer extends WarehouseFailure {

    StagedCountsDiffer(UUID loadId, int batches, long records, long rejects, LoadBatches.Counts staged) {
        super(
                Kind.STAGED_COUNTS_DIFFER,
                "load %s: the commit says %s but %s are staged; nothing was merged and the load stays OPEN"
                        .formatted(
                                loadId,
                                counts(batches, records, rejects),
                                counts(staged.batches(), staged.records(), staged.rejects())));
    }

    /** "1 batch, 4 records, 0 rejects". */
    private static String counts(long batches, long records, long rejects) {
        return counted(batches, "batch", "batches") + ", " + counted(records, "record", "records") + ", "
                + counted(rejects, "reject", "rejects");
    }

    private static String counted(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
