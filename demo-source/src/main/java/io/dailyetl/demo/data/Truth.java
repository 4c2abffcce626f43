package io.dailyetl.demo.data;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one served record means, known by the generator rather than read back from its JSON: either a reject
 * (the cleaning rules say ingest must refuse it) or the clean values ingest must produce.
 *
 * @param rejected  true when ingest must reject the record; the other values are then null
 * @param id        the clean id (a numeric id as its digits)
 * @param userId    the clean user id
 * @param amount    the exact amount, 0 when missing or null
 * @param status    trimmed and lower-cased
 * @param createdAt the instant (local date-times and dates read in UTC)
 */
public record Truth(boolean rejected, String id, String userId, BigDecimal amount, String status, Instant createdAt) {

    static final Truth REJECTED = new Truth(true, null, null, null, null, null);
}
