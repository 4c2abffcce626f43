package io.dailyetl.warehouse.merge;

import io.dailyetl.warehouse.failure.WarehouseFailure;
import java.time.Duration;

/** Another commit held the merge lock for longer than a commit may wait; nothing was merged, try again later. */
public final class MergeBusy extends WarehouseFailure {

    MergeBusy(Duration waited) {
        super(
                Kind.MERGE_BUSY,
                "another commit has been merging for over " + waited.toSeconds()
                        + " s (warehouse.commit.lock-wait); nothing was merged, the load stays OPEN: commit again later");
    }
}
