package io.dailyetl.contract.loads;

/**
 * Where a load is in its life: only an OPEN load takes batches and can be committed. The warehouse answers it in
 * every {@link LoadView}, {@link CommitResult} and {@link AbortResult}; its senders read it there.
 */
public enum LoadStatus {
    OPEN,
    COMMITTED,
    ABORTED,
    EXPIRED
}
