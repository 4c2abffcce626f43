package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/** The outcome of cleaning one source record: a clean record for the warehouse, or the reason it was rejected. */
public sealed interface Cleaned {

    /**
     * A record that passed every rule. Its attributes, every unmapped source field, are either a tree
     * ({@code attributes}, when it was cleaned from one) or the fields as written in the page
     * ({@code rawAttributes}, when it was scanned): exactly one of the two is set.
     */
    record Clean(
            String id,
            String userId,
            BigDecimal amount,
            String status,
            Instant createdAt,
            ObjectNode attributes,
            RawAttributes rawAttributes)
            implements Cleaned {

        public Clean {
            if ((attributes == null) == (rawAttributes == null)) {
                throw new IllegalArgumentException("exactly one of attributes and rawAttributes is set");
            }
        }

        /** A record cleaned from its tree. */
        public Clean(
                String id, String userId, BigDecimal amount, String status, Instant createdAt, ObjectNode attributes) {
            this(id, userId, amount, status, createdAt, attributes, null);
        }
    }

    /** A record that failed a rule; {@code reason} starts with the source field name, e.g. {@code id: required}. */
    record Rejected(String reason) implements Cleaned {}
}
