package io.dailyetl.contract.notifications;

import java.util.List;

/**
 * Body of {@code POST /api/notifications/{id}/result}: what the claiming {@code sender} did with each of its channels.
 * The warehouse marks the notification SENT when every channel was sent (now or before), otherwise PENDING again for
 * a later attempt with backoff, or GAVE_UP after its last attempt.
 */
public record NotificationResult(String sender, List<ChannelResult> channels) {

    /** One channel ({@code email}, {@code webhook}): {@code sent}, or the {@code error} that kept it from it. */
    public record ChannelResult(String channel, boolean sent, String error) {}
}
