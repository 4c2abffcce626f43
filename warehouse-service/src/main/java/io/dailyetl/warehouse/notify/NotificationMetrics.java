package io.dailyetl.warehouse.notify;

import io.dailyetl.contract.notifications.NotificationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code warehouse_notifications_total{event, outcome}}: notifications {@code recorded} in the outbox (counted once
 * their transaction committed), {@code sent} (every channel accepted) and {@code gave_up} (after their last attempt);
 * {@code warehouse_notifications_pending}: those still to be sent (PENDING or SENDING), as of the last claim, result
 * or sweep.
 */
@Singleton
class NotificationMetrics {

    static final String RECORDED = "recorded";
    static final String SENT = "sent";
    static final String GAVE_UP = "gave_up";

    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();

    NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("warehouse.notifications.pending", pending, AtomicLong::get)
                .description("Notifications still to be sent (PENDING or SENDING)")
                .register(registry);
    }

    void count(NotificationEvent event, String outcome) {
        Counter.builder("warehouse.notifications")
                .description("Notifications by event and outcome: recorded, sent, gave_up")
                .tag("event", event.name())
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    void pending(long count) {
        pending.set(count);
    }
}
