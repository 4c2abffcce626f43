package io.dailyetl.warehouseclient;

import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseRejectedException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseUnavailableException;
import io.vertx.core.VertxException;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.util.function.Predicate;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The one place that says whether a failure of a warehouse call is the warehouse being away for a while (a 5xx
 * answer, a refused, reset or closed connection, a timeout, an open circuit breaker), so that calling again later may
 * succeed; an answer (409, any other 4xx, the database refusing the work for want of disk or memory: 503
 * {@code database-refused}) is not. The clients' retries use it ({@code @RetryWhen}) and so does a
 * caller deciding what a failure it was handed means.
 */
public final class TransientWarehouseFailure implements Predicate<Throwable> {

    /** Whether {@code failure}, or what caused it, is transient; the first answer of the warehouse found says no. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WarehouseConflictException || t instanceof WarehouseRejectedException) {
                return false;
            }
            if (t instanceof WarehouseUnavailableException away && away.databaseRefused()) {
                // the database answered: out of disk or memory, which no retry within seconds frees
                return false;
            }
            if (t instanceof WarehouseUnavailableException
                    || t instanceof ProcessingException
                    || t instanceof VertxException
                    || t instanceof ConnectException
                    || t instanceof TimeoutException
                    || t instanceof CircuitBreakerOpenException) {
                return true;
            }
        }
        return false;
    }

    /** {@link #isTransient(Throwable)}, as {@code @RetryWhen(exception = ...)} asks it. */
    @Override
    public boolean test(Throwable failure) {
        return isTransient(failure);
    }
}
