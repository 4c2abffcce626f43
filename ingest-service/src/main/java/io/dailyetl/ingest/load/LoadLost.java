package io.dailyetl.ingest.load;

import io.dailyetl.ingest.extract.SourceException;
import io.dailyetl.warehouseclient.TransientWarehouseFailure;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;

/**
 * An attempt's load went away under it: the warehouse refused it (409: staged rows lost, expired, aborted) or
 * could not be reached past the retries. Loading the data again from the first page, with a new load, can succeed.
 */
public final class LoadLost extends RuntimeException {

    public LoadLost(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether a failure is the warehouse's side going away (as opposed to the source failing, or a batch refused
     * as invalid, which another attempt would meet again): a lost load, a 409 from the warehouse, or a failure that
     * {@link TransientWarehouseFailure} calls transient.
     */
    public static boolean isLoadLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceException) {
                return false;
            }
            if (t instanceof LoadLost || t instanceof WarehouseConflictException) {
                return true;
            }
        }
        return TransientWarehouseFailure.isTransient(e);
    }
}
