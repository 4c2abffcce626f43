package io.dailyetl.ingest.run;

import io.dailyetl.ingest.extract.SourceException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseUnavailableException;
import io.vertx.core.VertxException;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * An attempt's load went away under it: the warehouse refused it (409: staged rows lost, expired, aborted) or
 * could not be reached past the retries. Loading the data again from the first page, with a new load, can succeed.
 */
final class LoadLost extends RuntimeException {

    LoadLost(String message, Throwable cause) {
        super(message, cause);
    }

    LoadLost(String message) {
        super(message);
    }

    /**
     * Whether a failure is the warehouse's side going away (as opposed to the source failing, or a batch refused
     * as invalid, which another attempt would meet again).
     */
    static boolean isLoadLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceException) {
                return false;
            }
            if (t instanceof LoadLost
                    || t instanceof WarehouseConflictException
                    || t instanceof WarehouseUnavailableException
                    || t instanceof ProcessingException
                    || t instanceof VertxException
                    || t instanceof CircuitBreakerOpenException
                    || t instanceof TimeoutException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }
}
