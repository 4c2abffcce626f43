package io.dailyetl.report.client;

import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseRejectedException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The warehouse as report-service uses it: timeouts on every call, retries of 5xx and broken connections, a
 * circuit breaker for a warehouse that keeps failing. A 409 on a claim is an answer, not a failure.
 */
@ApplicationScoped
public class WarehouseClient {

    private final WarehouseApi api;

    WarehouseClient(@RestClient WarehouseApi api) {
        this.api = api;
    }

    /** The user-spend answer (JSON) for {@code [from, to)} with days in {@code zone}; the caller closes it. */
    @Timeout(value = 5, unit = ChronoUnit.MINUTES)
    @Retry(maxRetries = 2, delay = 500, jitter = 200, retryOn = {WarehouseUnavailableException.class, ProcessingException.class},
            abortOn = WarehouseRejectedException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 10, delayUnit = ChronoUnit.SECONDS,
            failOn = {WarehouseUnavailableException.class, ProcessingException.class})
    public InputStream userSpend(LocalDate from, LocalDate to, String status, ZoneId zone) {
        return api.userSpend(from, to, status, zone.getId());
    }

    /** Claims a window for sending; {@link WarehouseConflictException} if it was sent (unless forced) or is being sent. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, retryOn = {WarehouseUnavailableException.class, ProcessingException.class},
            abortOn = {WarehouseConflictException.class, WarehouseRejectedException.class})
    public UUID claim(LocalDate from, LocalDate to, List<String> recipients, boolean force) {
        return api.claim(new WarehouseApi.ClaimRequest("weekly", from, to, recipients, force)).deliveryId();
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 5, delay = 1000, retryOn = {WarehouseUnavailableException.class, ProcessingException.class},
            abortOn = {WarehouseConflictException.class, WarehouseRejectedException.class})
    public void sent(UUID delivery, long users, BigDecimal total) {
        api.sent(delivery, new WarehouseApi.SentRequest(users, total));
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 5, delay = 1000, retryOn = {WarehouseUnavailableException.class, ProcessingException.class},
            abortOn = {WarehouseConflictException.class, WarehouseRejectedException.class})
    public void failed(UUID delivery, String error) {
        api.failed(delivery, new WarehouseApi.FailedRequest(error));
    }
}
