package io.dailyetl.report.notify;

import io.dailyetl.contract.notifications.NotificationView;

/** A way a notification reaches people: e-mail or a webhook, each on when its configuration names a target. */
interface Channel {

    /** Its name in the warehouse's {@code sentChannels} and in the metrics: {@code email}, {@code webhook}. */
    String name();

    /** Whether it is configured (a recipient, a URL). */
    boolean on();

    /**
     * Sends {@code n} as {@code message} says it; returns once the other end accepted it. Throws
     * {@link ChannelFailure} (or any runtime exception) with a message that may be recorded and logged: it names the
     * target's host, never a secret.
     */
    void send(NotificationView n, NotificationMessage message);
}
