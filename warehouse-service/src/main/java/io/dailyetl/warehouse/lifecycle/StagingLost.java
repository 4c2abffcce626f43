package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.warehouse.failure.WarehouseFailure;
import java.util.List;
import java.util.UUID;

/**
 * Staged rows of a load are gone (PostgreSQL restarted and emptied its unlogged staging table), so its commit is
 * refused: nothing was merged, and the data has to be loaded again.
 */
public final class StagingLost extends WarehouseFailure {

    /** At most this many lost batches are listed. */
    private static final int LISTED = 20;

    StagingLost(UUID loadId, long records, long rows, List<Integer> lostBatches, long rejects, long quarantined) {
        super(
                Kind.STAGING_LOST,
                ("load %s: %d of %d staged records are missing (batches %s; %d of %d rejects present): PostgreSQL "
                                + "restarted since they were staged and emptied the unlogged staging table. Nothing was merged; abort "
                                + "this load and load the data again.")
                        .formatted(loadId, records - rows, records, listed(lostBatches), quarantined, rejects));
    }

    private static String listed(List<Integer> seqs) {
        return seqs.size() <= LISTED
                ? seqs.toString()
                : seqs.subList(0, LISTED).toString().replace("]", ", …]");
    }
}
