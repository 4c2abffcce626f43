package io.dailyetl.warehouseclient;

import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseUnavailableException;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.vertx.core.VertxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The warehouse's analytics: a timeout, retries of 5xx and broken connections, a circuit breaker. */
@ApplicationScoped
public class AnalyticsClient {

    private final AnalyticsApi api;

    AnalyticsClient(@RestClient AnalyticsApi api) {
        this.api = api;
    }

    /**
     * The user-spend answer (JSON) for {@code [from, to)} with days in {@code zone}, summed across sources or of
     * {@code source} alone (null: every source); the caller closes it.
     */
    @Timeout(value = 5, unit = ChronoUnit.MINUTES)
    @Retry(maxRetries = 2, delay = 500, jitter = 200)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.8,
            delay = 10,
            delayUnit = ChronoUnit.SECONDS,
            failOn = {WarehouseUnavailableException.class, ProcessingException.class, VertxException.class})
    public InputStream userSpend(LocalDate from, LocalDate to, String status, ZoneId zone, String source) {
        return api.userSpend(from, to, status, zone.getId(), source);
    }
}
