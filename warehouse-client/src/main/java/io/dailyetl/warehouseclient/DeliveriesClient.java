package io.dailyetl.warehouseclient;

import io.dailyetl.contract.deliveries.ClaimDelivery;
import io.dailyetl.contract.deliveries.DeliveryFailed;
import io.dailyetl.contract.deliveries.DeliveryRecord;
import io.dailyetl.contract.deliveries.DeliverySent;
import io.dailyetl.contract.deliveries.DeliveryState;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The warehouse's report deliveries, as a report sender uses them: timeouts on every call, retries of 5xx and
 * broken connections. A 409 on a claim is an answer ({@link WarehouseConflictException}), not a failure.
 */
@ApplicationScoped
public class DeliveriesClient {

    private final DeliveriesApi api;
    private final CurrentIdentityAssociation caller;

    DeliveriesClient(@RestClient DeliveriesApi api, CurrentIdentityAssociation caller) {
        this.api = api;
        this.caller = caller;
    }

    /**
     * Claims a window for sending; {@link WarehouseConflictException} if it was sent (unless forced) or is being
     * sent. A forced claim is made with the token of the operator who asked for it: a report sender holds only a
     * reader token, which the warehouse does not let resend a window.
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public UUID claim(String report, LocalDate from, LocalDate to, List<String> recipients, boolean force) {
        ClaimDelivery claim = new ClaimDelivery(report, from, to, recipients, force);
        return api.claim(claim, force ? callerBearer() : null).deliveryId();
    }

    private String callerBearer() {
        TokenCredential token = caller.getIdentity().getCredential(TokenCredential.class);
        return token == null ? null : "Bearer " + token.getToken();
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 5, delay = 1000)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public void sent(UUID delivery, long users, BigDecimal total, String messageId) {
        api.sent(delivery, new DeliverySent(users, total, messageId));
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 5, delay = 1000)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public void failed(UUID delivery, String error) {
        api.failed(delivery, new DeliveryFailed(error));
    }

    /** The latest deliveries of a report, newest first (a read: a report's warm-up, and whoever wants to look). */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public List<DeliveryState> recent(String report, int limit) {
        return api.recent(report, limit);
    }

    /** The latest deliveries of a report, newest first, with every field (window, recipients, times, error). */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public List<DeliveryRecord> history(String report, int limit) {
        return api.history(report, limit);
    }
}
