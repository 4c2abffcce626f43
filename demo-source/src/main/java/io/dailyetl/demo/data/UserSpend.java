package io.dailyetl.demo.data;

import java.util.List;

/**
 * The per-user spend a correct pipeline must answer for a window, shaped like the warehouse's
 * {@code GET /api/analytics/user-spend}: totals exact with 2 decimals (strings), rows ordered by total descending,
 * then user id in byte (UTF-8, "C") order.
 */
public record UserSpend(String from, String to, long users, String total, List<Row> rows) {

    /** One user's spend in the window. */
    public record Row(String userId, String totalSpent) {}
}
