package io.dailyetl.ingest.clean;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** Which source fields hold the five mapped values, and the zone that local date-times are read in. */
public record CleaningRules(
        String idField,
        String userIdField,
        String amountField,
        String statusField,
        String createdAtField,
        ZoneId zone) {

    public CleaningRules {
        Objects.requireNonNull(idField, "idField");
        Objects.requireNonNull(userIdField, "userIdField");
        Objects.requireNonNull(amountField, "amountField");
        Objects.requireNonNull(statusField, "statusField");
        Objects.requireNonNull(createdAtField, "createdAtField");
        Objects.requireNonNull(zone, "zone");
    }

    /** The source API's own names ({@code id}, {@code user_id}, {@code amount}, {@code status}, {@code created_at}) and UTC. */
    public static CleaningRules defaults() {
        return new CleaningRules("id", "user_id", "amount", "status", "created_at", ZoneOffset.UTC);
    }
}
