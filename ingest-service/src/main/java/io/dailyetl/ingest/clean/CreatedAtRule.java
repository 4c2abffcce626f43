package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The creation time: required, in one of the forms {@link TimestampParser} reads, and in the years 1 to 9999 (UTC),
 * the range the warehouse stores.
 */
record CreatedAtRule(String field, TimestampParser parser) implements FieldRule<Instant> {

    /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z. */
    private static final long MIN_EPOCH_SECOND = -62_135_596_800L;

    private static final long END_EPOCH_SECOND = 253_402_300_800L;

    @Override
    public Checked<Instant> check(JsonNode record) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            return Checked.refused(field, "required");
        }
        Instant createdAt = parser.parse(node);
        if (createdAt == null) {
            return Checked.refused(field, "unparseable \"" + Reasons.shown(node) + "\"");
        }
        long second = createdAt.getEpochSecond();
        if (second < MIN_EPOCH_SECOND || second >= END_EPOCH_SECOND) {
            return Checked.refused(field, "out of range \"" + Reasons.shown(node) + "\"");
        }
        return Checked.ok(createdAt);
    }
}
