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

    /**
     * The spend over several sources at once, as a report that sums a user's spend across them answers: each user's
     * totals added up, rows ordered the same way (total descending, then user id in byte order).
     */
    public static UserSpend sum(List<UserSpend> parts, String from, String to) {
        java.util.Map<String, Long> cents = new java.util.HashMap<>();
        long total = 0;
        for (UserSpend part : parts) {
            for (Row row : part.rows()) {
                long c = centsOf(row.totalSpent());
                cents.merge(row.userId(), c, Long::sum);
                total += c;
            }
        }
        java.util.Map<String, byte[]> utf8 = new java.util.HashMap<>();
        cents.keySet().forEach(u -> utf8.put(u, u.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<String> users = new java.util.ArrayList<>(cents.keySet());
        users.sort(java.util.Comparator.<String>comparingLong(u -> -cents.get(u))
                .thenComparing(utf8::get, Latest.BYTE_ORDER));
        List<Row> rows = users.stream()
                .map(u -> new Row(u, Generator.money(cents.get(u))))
                .toList();
        return new UserSpend(from, to, rows.size(), Generator.money(total), rows);
    }

    /** "12.50" → 1250 (the money of these answers always has two decimals). */
    static long centsOf(String money) {
        return new java.math.BigDecimal(money).movePointRight(2).longValueExact();
    }
}
