package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One cleaning rule: reads its field of a raw record (a JSON object) and gives the cleaned value or the reject
 * reason. Rules never throw and never modify the record.
 */
interface FieldRule<T> {

    Checked<T> check(JsonNode record);

    /** A rule's verdict: the cleaned value, or the full reject reason ({@code <field>: <what is wrong>}). */
    record Checked<T>(T value, String reason) {

        static <T> Checked<T> ok(T value) {
            return new Checked<>(value, null);
        }

        /** Refuses {@code field} (named as reasons show it) for {@code problem}. */
        static <T> Checked<T> refused(String field, String problem) {
            return new Checked<>(null, Reasons.printable(field) + ": " + problem);
        }

        boolean isRefused() {
            return reason != null;
        }

        Cleaned.Rejected rejected() {
            return new Cleaned.Rejected(reason);
        }
    }
}
