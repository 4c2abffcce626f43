package io.dailyetl.contract.notifications;

/**
 * Body of {@code POST /api/notifications/claim}: the sender {@code sender} (a name unique to the replica, e.g. its
 * host name and a start-up id) claims up to {@code limit} due notifications for the warehouse's lease. A sender killed
 * after its claim leaves them to the next claim once the lease lapses.
 */
public record ClaimNotifications(String sender, Integer limit) {}
