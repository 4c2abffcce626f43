package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Reads each clean record's change time for an incremental run: the value of the configured field, read as
 * {@code created_at} is (an ISO-8601 date-time, a local one in the cleaning zone, or epoch seconds or milliseconds).
 * When the field is the created-at field itself, the cleaned instant is used as it is. Thread-safe.
 */
public final class ChangeTimes {

    private final String field;
    private final boolean createdAt;
    private final TimestampParser parser;

    public ChangeTimes(CleaningRules rules, String field) {
        this.field = field;
        this.createdAt = field.equals(rules.createdAtField());
        this.parser = new TimestampParser(rules.zone());
    }

    /** The field whose value is the change time. */
    public String field() {
        return field;
    }

    /** The change time of {@code raw}, cleaned as {@code clean}; null when the field is missing or names no instant. */
    public Instant of(SourceRecord raw, Cleaned.Clean clean) {
        if (createdAt) {
            return clean.createdAt();
        }
        JsonNode value = raw.field(field);
        if (value == null) {
            return null;
        }
        Instant instant = parser.parse(value);
        return instant == Instant.MAX ? null : instant;
    }
}
