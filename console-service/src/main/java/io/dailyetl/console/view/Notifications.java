package io.dailyetl.console.view;

import io.dailyetl.console.config.AccessConfig;
import io.dailyetl.console.view.Display.TimeText;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.warehouseclient.NotificationsClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;

/**
 * The notifications page's rows: the warehouse's outbox ({@code GET /api/notifications}, read with the console's
 * reader token), newest first, as text ready to render.
 */
@ApplicationScoped
public class Notifications {

    private final NotificationsClient notifications;
    private final Display display;
    private final int limit;

    Notifications(NotificationsClient notifications, Display display, AccessConfig config) {
        this.notifications = notifications;
        this.display = display;
        this.limit = Math.max(1, Math.min(500, config.notifications()));
    }

    /** The latest notifications, newest first. */
    public List<NotificationRow> latest() {
        return notifications.recent(limit).stream()
                .sorted(Comparator.comparing(
                                NotificationView::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .reversed())
                .map(this::row)
                .toList();
    }

    private NotificationRow row(NotificationView n) {
        String runId = n.run() == null || n.run().run() == null || n.run().run().runId() == null
                ? ""
                : n.run().run().runId().toString();
        List<String> channels = n.sentChannels() == null ? List.of() : n.sentChannels();
        return new NotificationRow(
                n.id().toString(),
                n.event() == null ? "-" : n.event().name(),
                n.source() != null ? n.source() : n.subject() == null ? "-" : n.subject(),
                runId,
                n.status(),
                channels.isEmpty() ? "-" : String.join(", ", channels),
                n.attempts(),
                display.time(n.createdAt()),
                display.time(n.sentAt()),
                n.lastError() == null ? "" : n.lastError());
    }

    /**
     * One notification: its event, source (or subject), the run it tells of (empty: none), status ({@code PENDING},
     * {@code SENDING}, {@code SENT}, {@code GAVE_UP}), the channels that accepted it, attempts, times and last error.
     */
    public record NotificationRow(
            String id,
            String event,
            String source,
            String runId,
            String status,
            String channels,
            int attempts,
            TimeText created,
            TimeText sent,
            String error) {}
}
