package io.dailyetl.report.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The sender's meters: {@code report_notifications_total{channel, outcome}}, one count per channel and attempt,
 * {@code outcome} {@code sent} or {@code failed} (the warehouse counts what it gave up on).
 */
@Singleton
public class NotifyMetrics {

    /** The outcome of a channel that accepted a notification. */
    public static final String SENT = "sent";
    /** The outcome of a channel that did not. */
    public static final String FAILED = "failed";

    private final MeterRegistry registry;

    NotifyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String channel, String outcome) {
        Counter.builder("report.notifications")
                .description("Notifications sent to a channel, or failed, per attempt")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
