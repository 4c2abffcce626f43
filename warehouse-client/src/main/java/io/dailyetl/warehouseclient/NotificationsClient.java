package io.dailyetl.warehouseclient;

import io.dailyetl.contract.notifications.ClaimNotifications;
import io.dailyetl.contract.notifications.NotificationResult;
import io.dailyetl.contract.notifications.NotificationView;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The warehouse's notification outbox, as a notification sender uses it: timeouts on every call, retries of 5xx and
 * broken connections. A claim is not retried beyond a couple of tries: the sender polls again anyway.
 */
@ApplicationScoped
public class NotificationsClient {

    private final NotificationsApi api;

    NotificationsClient(@RestClient NotificationsApi api) {
        this.api = api;
    }

    /** Claims up to {@code limit} due notifications for {@code sender}; empty when none is due. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public List<NotificationView> claim(String sender, int limit) {
        return api.claim(new ClaimNotifications(sender, limit));
    }

    /** Records what {@code sender} did with each channel of notification {@code id}; answers it as stored now. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 5, delay = 1000)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public NotificationView result(UUID id, String sender, List<NotificationResult.ChannelResult> channels) {
        return api.result(id, new NotificationResult(sender, channels));
    }

    /** The latest notifications, newest first. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500)
    @RetryWhen(exception = TransientWarehouseFailure.class)
    public List<NotificationView> recent(int limit) {
        return api.recent(limit);
    }
}
