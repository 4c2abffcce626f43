package io.dailyetl.demo.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What a correct warehouse snapshot holds after a full pull of the source as it is now: the ids with a clean
 * state (the last clean occurrence of each), the exact sum of their amounts (2 decimals, a string) and how many have
 * each status ({@code active}, {@code pending}, {@code refunded}, all three always present).
 *
 * @param day  the simulated day (changing world only, else omitted)
 * @param date its date, YYYY-MM-DD (changing world only, else omitted)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceState(Integer day, String date, long ids, String total, Map<String, Long> statuses) {
    /** The state of several sources' snapshots together: ids, totals and statuses added up (static data only). */
    public static SourceState sum(java.util.List<SourceState> parts) {
        long ids = 0;
        long cents = 0;
        Map<String, Long> statuses = new java.util.LinkedHashMap<>();
        for (String status : Generator.STATUSES) {
            statuses.put(status, 0L);
        }
        for (SourceState part : parts) {
            ids += part.ids();
            cents += UserSpend.centsOf(part.total());
            part.statuses().forEach((status, n) -> statuses.merge(status, n, Long::sum));
        }
        return new SourceState(null, null, ids, Generator.money(cents), statuses);
    }
}
