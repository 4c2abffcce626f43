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
public record SourceState(Integer day, String date, long ids, String total, Map<String, Long> statuses) {}
