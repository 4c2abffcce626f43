package io.dailyetl.testing;

import java.util.List;

/**
 * The nastiest batch values we know, for the warehouse's tests and the fault suite: each is one record (or a
 * reject's raw record) in an otherwise valid batch body, with the field the 400 must name.
 */
public final class HostileBatches {

    private static final String RECORD = "{\"id\":\"%s\",\"userId\":\"u\",\"amount\":%s,\"status\":\"active\","
            + "\"createdAt\":\"2026-11-18T10:00:00Z\",\"attributes\":%s}";

    /** One hostile value: a name, the amount and attributes JSON of the record, and the field a 400 must name. */
    public record Case(String name, String amount, String attributes, String field) {

        @Override
        public String toString() {
            return name; // the values themselves run to megabytes
        }

        /** A batch whose only record carries the value. */
        public String batch(String id) {
            return "{\"records\":[" + RECORD.formatted(id, amount, attributes) + "],\"rejects\":[]}";
        }

        /** Whether the value sits in the attributes (so it can also be put into a reject's raw record). */
        public boolean inAttributes() {
            return field.contains(".attributes");
        }

        /** A batch whose only reject's raw record carries the attributes value (field: {@code rejects[0].raw.extra}). */
        public String rejectBatch(String id) {
            return "{\"records\":[],\"rejects\":[{\"reason\":\"x: bad\",\"page\":1,\"raw\":{\"id\":\"" + id
                    + "\",\"extra\":" + attributes + "}}]}";
        }
    }

    private HostileBatches() {}

    public static List<Case> cases() {
        String digits = "9".repeat(2_000_000);
        return List.of(
                new Case("huge exponent", "\"1e999999999\"", "{}", "records[0].amount"),
                new Case("exponent at int max", "\"1e2147483647\"", "{}", "records[0].amount"),
                new Case("exponent beyond int", "\"1e2147483648\"", "{}", "records[0].amount"),
                new Case("negative zero, tiny exponent", "\"-0e-99999999\"", "{}", "records[0].amount"),
                new Case("2,000,000 digits as a string", "\"" + digits + "\"", "{}", "records[0].amount"),
                new Case("2,000,000 digits as a number", digits, "{}", "records[0].amount"),
                new Case("attribute beyond jsonb", "\"1.00\"", "{\"x\":1e999999}", "records[0].attributes.x"),
                new Case("attribute below jsonb's scale", "\"1.00\"", "{\"x\":1e-20000}", "records[0].attributes.x"),
                new Case(
                        "attribute exponent beyond int",
                        "\"1.00\"",
                        "{\"x\":1e99999999999}",
                        "records[0].attributes.x"),
                new Case(
                        "deep attribute inside an array",
                        "\"1.00\"",
                        "{\"a\":[0,{\"b\":1e131072}]}",
                        "records[0].attributes.a[1].b"),
                new Case(
                        "nested 33 levels",
                        "\"1.00\"",
                        "{\"n\":" + "[".repeat(32) + "]".repeat(32) + "}",
                        "records[0].attributes.n"),
                new Case(
                        "nested 100,000 levels",
                        "\"1.00\"",
                        "{\"n\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                        "records[0].attributes.n"),
                new Case(
                        "a 2,000,000-character string",
                        "\"1.00\"",
                        "{\"s\":\"" + "x".repeat(2_000_000) + "\"}",
                        "records[0].attributes.s"));
    }
}
