package io.dailyetl.warehouseclient;

import io.dailyetl.contract.loads.AbortResult;
import io.dailyetl.contract.loads.BatchReceipt;
import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.loads.CommitLoad;
import io.dailyetl.contract.loads.CommitResult;
import io.dailyetl.contract.loads.LoadView;
import io.dailyetl.contract.loads.OpenLoad;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseUnavailableException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.vertx.core.VertxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The warehouse's loads, as a sender uses them: every call has a timeout; opens, batches and aborts are retried
 * while the failure is transient ({@link TransientWarehouseFailure}; a re-sent seq replaces itself); a circuit
 * breaker stops hammering a warehouse that keeps failing. Opening a run's next load and committing wait for an
 * away warehouse up to the caller's patience, in one retry layer. A 409 is {@link WarehouseConflictException}.
 */
@ApplicationScoped
public class LoadsClient {

    /** What a run's next load waits out: the warehouse away, or the lost load still holding the source (409). */
    private static final Predicate<Throwable> AWAY_OR_STILL_HELD =
            e -> TransientWarehouseFailure.isTransient(e) || e instanceof WarehouseConflictException;

    private final LoadsApi api;

    LoadsClient(@RestClient LoadsApi api) {
        this.api = api;
    }

    /** Opens a load; {@link WarehouseConflictException} while another load of the source is open. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, jitter = 250)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public UUID open(String source, String runId) {
        return api.open(new OpenLoad(source, runId)).loadId();
    }

    /**
     * Opens the next load of a run whose last one was lost. That one was aborted if the warehouse could be reached;
     * if not, its lease must run out first, so this waits, up to {@code patience}, while the warehouse is away or
     * says another load of the source is open. Throws the last failure when the patience runs out.
     */
    public UUID reopen(String source, String runId, Duration patience) {
        return patient(patience, 30, ChronoUnit.SECONDS, AWAY_OR_STILL_HELD)
                .get(() -> api.open(new OpenLoad(source, runId)).loadId(), UUID.class);
    }

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 8, delay = 500, jitter = 250, maxDuration = 5, durationUnit = ChronoUnit.MINUTES)
    @RetryWhen(exception = TransientWarehouseFailure.class)
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
     * Commits, carrying the load's {@code watermark} (the highest change time among its records, an ISO-8601
     * instant; null: none), which the warehouse stores as the source's in the same transaction unless it is not
     * later than the stored one; the answer's {@link CommitResult#watermark()} is the source's watermark after it.
     * While the failure is transient, the commit may or may not have happened: the next try first asks the warehouse
     * for the load, answers what its view says of the commit if COMMITTED (without a watermark: a view has none),
     * commits again if still OPEN (a commit is atomic, so that is safe), and throws
     * {@link WarehouseConflictException} if it is neither; all within {@code patience}. The timeout of a try
     * is above the warehouse's own commit timeout (warehouse.commit.timeout, 30 min), so the warehouse decides.
     */
    public CommitResult commit(UUID loadId, CommitLoad commit, Duration patience) {
        AtomicBoolean tried = new AtomicBoolean();
        return patient(patience, 35, ChronoUnit.MINUTES, TransientWarehouseFailure::isTransient)
                .get(
                        () -> {
                            if (tried.getAndSet(true)) {
                                LoadView state = api.get(loadId);
                                if (state.committed()) {
                                    return committedAs(state);
                                }
                                if (!state.open()) {
                                    throw new WarehouseConflictException("load " + loadId + " is " + state.status()
                                            + " after a commit whose answer was lost");
                                }
                            }
                            return api.commit(loadId, commit);
                        },
                        CommitResult.class);
    }

    /** Extends the load's lease; {@link WarehouseConflictException} when the load is no longer OPEN. One try. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public void heartbeat(UUID loadId) {
        api.heartbeat(loadId);
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public void abort(UUID loadId) {
        api.abort(loadId);
    }

    /**
     * Aborts a load as an operator ({@code operatorToken}): a person's act, not retried, so its answer is the
     * warehouse's own (a load no longer OPEN: {@link WarehouseConflictException}).
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    public AbortResult abortAs(UUID loadId, String operatorToken) {
        return api.abortAs(loadId, "Bearer " + operatorToken);
    }

    /** The most recent loads of any source, newest first, read with an operator's token (the list is theirs). */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public List<LoadView> recent(int limit, String operatorToken) {
        return api.recent(null, limit, "Bearer " + operatorToken);
    }

    /**
     * The results of the load's latest judgement by the data checks, passes included (a refused commit's too, whose
     * answer carried only the failed ones); empty if none was judged.
     */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public List<CheckResult> checks(UUID loadId) {
        return api.checks(loadId);
    }

    /**
     * The most recent loads, newest first ({@code source} null: of every source; limit 1-500): the OPEN ones are in
     * flight. A read, so tried again on a transient failure.
     */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public List<LoadView> recent(String source, int limit) {
        return api.list(source, limit);
    }

    /**
     * A page of the load's quarantined rejects, in the order sent ({@code limit} 1-1000 after {@code offset}); empty
     * if the warehouse knows no such load. A read, so tried again on a transient failure.
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public Optional<RejectPage> rejects(UUID loadId, int limit, long offset) {
        return WarehouseErrors.unlessNotFound(() -> api.rejects(loadId, limit, offset));
    }

    /** What a COMMITTED load's view says of its commit: its counts, without the watermark (a view has none). */
    private static CommitResult committedAs(LoadView view) {
        return new CommitResult(
                view.status(),
                n(view.inserted()),
                n(view.updated()),
                n(view.unchanged()),
                n(view.duplicates()),
                n(view.rejects()),
                null,
                false,
                List.of());
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    /**
     * Tries again while {@code when} says so, for up to {@code patience}: after 1 s, then twice as long each time up
     * to 10 s, each try bounded by {@code timeout}.
     */
    private static Guard patient(Duration patience, long timeout, ChronoUnit unit, Predicate<Throwable> when) {
        return Guard.create()
                .withRetry()
                .maxRetries(-1)
                .delay(1, ChronoUnit.SECONDS)
                .maxDuration(patience.toMillis(), ChronoUnit.MILLIS)
                .whenException(when)
                .withExponentialBackoff()
                .factor(2)
                .maxDelay(10, ChronoUnit.SECONDS)
                .done()
                .done()
                .withTimeout()
                .duration(timeout, unit)
                .done()
                .build();
    }
}
