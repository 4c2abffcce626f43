package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;

/** The outcome of cleaning one source record: a clean record for the warehouse, or the reason it was rejected. */
public sealed interface Cleaned {

    /** A record that passed every rule; {@code attributes} holds every unmapped source field. */
    record Clean(String id, String userId, BigDecimal amount, String status, Instant createdAt,
                 ObjectNode attributes) implements Cleaned {
    }

    /** A record that failed a rule; {@code reason} starts with the source field name, e.g. {@code id: required}. */
    record Rejected(String reason) implements Cleaned {
    }
}
