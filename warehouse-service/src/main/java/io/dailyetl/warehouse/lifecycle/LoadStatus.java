package io.dailyetl.warehouse.lifecycle;

/** Where a load is in its life: only an OPEN load takes batches and can be committed. */
public enum LoadStatus {
    OPEN,
    COMMITTED,
    ABORTED,
    EXPIRED
}
