package io.dailyetl.warehouseclient;

import io.dailyetl.contract.loads.BatchReceipt;
import io.dailyetl.contract.loads.CommitLoad;
import io.dailyetl.contract.loads.LoadState;
import io.dailyetl.contract.loads.OpenLoad;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseRejectedException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseUnavailableException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.vertx.core.VertxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The warehouse's loads, as a sender uses them: every call has a timeout; batches and aborts are idempotent and
 * retried on 5xx, timeouts and broken connections (a re-sent seq replaces itself); a circuit breaker stops
 * hammering a warehouse that keeps failing. 4xx answers are never retried; a 409 is
 * {@link WarehouseConflictException}.
 */
@ApplicationScoped
public class LoadsClient {

    private final LoadsApi api;

    LoadsClient(@RestClient LoadsApi api) {
        this.api = api;
    }

    /** Opens a load; {@link WarehouseConflictException} while another load of the source is open. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(
            maxRetries = 3,
            delay = 500,
            jitter = 250,
            retryOn = {WarehouseUnavailableException.class, ProcessingException.class, VertxException.class},
            abortOn = {WarehouseConflictException.class, WarehouseRejectedException.class})
    public UUID open(String source, String runId) {
        return api.open(new OpenLoad(source, runId)).loadId();
    }

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(
            maxRetries = 8,
            delay = 500,
            jitter = 250,
            maxDuration = 5,
            durationUnit = ChronoUnit.MINUTES,
            retryOn = {
                WarehouseUnavailableException.class,
                ProcessingException.class,
                VertxException.class,
                TimeoutException.class
            },
            abortOn = {WarehouseConflictException.class, WarehouseRejectedException.class})
    @CircuitBreaker(
            requestVolumeThreshold = 40,
            failureRatio = 0.75,
            delay = 10,
            delayUnit = ChronoUnit.SECONDS,
            failOn = {WarehouseUnavailableException.class, ProcessingException.class, VertxException.class})
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public BatchReceipt putBatch(UUID loadId, int seq, byte[] body) {
        return api.putBatch(loadId, seq, body);
    }

    /**
     * Commits. Not retried on a timeout: the commit may have happened; the caller reads the load instead of
     * guessing. Retried on a 5xx answer, which PostgreSQL's atomic commit makes safe. The timeout is above the
     * warehouse's own commit timeout (warehouse.commit.timeout, 30 min), so the warehouse decides.
     */
    @Timeout(value = 35, unit = ChronoUnit.MINUTES)
    @Retry(
            maxRetries = 2,
            delay = 1000,
            retryOn = WarehouseUnavailableException.class,
            abortOn = {
                WarehouseConflictException.class,
                WarehouseRejectedException.class,
                ProcessingException.class,
                VertxException.class
            })
    public LoadState commit(UUID loadId, int batches, long records, long rejects) {
        return api.commit(loadId, new CommitLoad(batches, records, rejects));
    }

    /**
     * Commits as {@link #commit(UUID, int, long, long)} does, carrying the load's {@code watermark} (the highest
     * change time among its records, an ISO-8601 instant; null: none), which the warehouse stores as the source's
     * in the same transaction unless it is not later than the stored one. The answer's {@link LoadState#watermark()}
     * is the source's watermark after the commit.
     */
    @Timeout(value = 35, unit = ChronoUnit.MINUTES)
    @Retry(
            maxRetries = 2,
            delay = 1000,
            retryOn = WarehouseUnavailableException.class,
            abortOn = {
                WarehouseConflictException.class,
                WarehouseRejectedException.class,
                ProcessingException.class,
                VertxException.class
            })
    public LoadState commit(UUID loadId, int batches, long records, long rejects, String watermark) {
        return api.commit(loadId, new CommitLoad(batches, records, rejects, watermark));
    }

    /** A load's status and, once COMMITTED, its counts (to settle a commit whose answer was lost). One try: the caller paces. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    public LoadState status(UUID loadId) {
        return api.get(loadId);
    }

    /** Extends the load's lease; {@link WarehouseConflictException} when the load is no longer OPEN. One try. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public void heartbeat(UUID loadId) {
        api.heartbeat(loadId);
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(
            maxRetries = 3,
            delay = 500,
            retryOn = {WarehouseUnavailableException.class, ProcessingException.class, VertxException.class},
            abortOn = {WarehouseConflictException.class, WarehouseRejectedException.class})
    public void abort(UUID loadId) {
        api.abort(loadId);
    }
}
