package io.dailyetl.warehouse.staging;

import io.dailyetl.warehouse.failure.WarehouseFailure;

/** A batch is larger than one batch may be, in bytes or in records and rejects; nothing of it was staged. */
public final class BatchTooLarge extends WarehouseFailure {

    private BatchTooLarge(String detail) {
        super(Kind.BATCH_TOO_LARGE, detail);
    }

    static BatchTooLarge records(int maxRecords) {
        return new BatchTooLarge("a batch may carry at most " + maxRecords
                + " records and rejects (warehouse.batch.max-records); send smaller batches");
    }

    static BatchTooLarge bytes(long maxBytes) {
        return new BatchTooLarge(
                "a batch body may be at most " + maxBytes + " bytes (warehouse.batch.max-bytes); send smaller batches");
    }
}
