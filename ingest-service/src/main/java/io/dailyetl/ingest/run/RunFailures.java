package io.dailyetl.ingest.run;

import io.dailyetl.contract.runs.ErrorKind;
import io.dailyetl.ingest.extract.SourceException;
import io.dailyetl.ingest.load.LoadLost;
import io.dailyetl.warehouseclient.TransientWarehouseFailure;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseRejectedException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseUnavailableException;

/**
 * Says where the cause of a run's failure lies ({@link ErrorKind}) and whether running it again later may succeed
 * with nothing changed, from the first failure in the cause chain that says so: the source's, the database's answer
 * through the warehouse, the warehouse's own. A failure none of them explains (a bug, out of memory) has no kind.
 */
final class RunFailures {

    private static final int CHECKS_FAILED = 422;

    /** What the warehouse's refusal tells its caller to do; by the time the run shows it, ingest has done it. */
    private static final String STAYS_OPEN = "the load stays OPEN (abort it).";

    private RunFailures() {}

    /** Why a run failed with {@code failure}, whose {@code message} the run shows. */
    static RunProgress.Failure classify(Throwable failure, String message) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SourceException source) {
                return switch (source.why()) {
                    case KEPT_FAILING -> new RunProgress.Failure(message, ErrorKind.SOURCE, true);
                    case OVER_LIMIT, CLIENT_REFUSED -> new RunProgress.Failure(message, ErrorKind.CONFIGURATION, false);
                    case ANSWERED -> new RunProgress.Failure(message, ErrorKind.SOURCE, false);
                };
            }
            if (t instanceof WarehouseUnavailableException away) {
                // the database's refusal (a full disk) passes once someone frees the resource, not by itself
                return new RunProgress.Failure(
                        message, away.databaseRefused() ? ErrorKind.DATABASE : ErrorKind.WAREHOUSE, true);
            }
            if (t instanceof WarehouseRejectedException refused) {
                return refused.status() == CHECKS_FAILED
                        ? new RunProgress.Failure(
                                message.replace(STAYS_OPEN, "ingest aborted the load."), ErrorKind.CHECKS, false)
                        : new RunProgress.Failure(message, ErrorKind.WAREHOUSE, false);
            }
            if (t instanceof WarehouseConflictException) {
                return new RunProgress.Failure(message, ErrorKind.WAREHOUSE, true);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LoadLost) {
                return new RunProgress.Failure(message, ErrorKind.WAREHOUSE, true);
            }
        }
        if (TransientWarehouseFailure.isTransient(failure)) {
            return new RunProgress.Failure(message, ErrorKind.WAREHOUSE, true);
        }
        return new RunProgress.Failure(message, null, false);
    }
}
