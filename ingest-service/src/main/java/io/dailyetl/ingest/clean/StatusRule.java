package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The status: a string, stripped and lower-cased, non-empty and within the warehouse's text bounds. */
record StatusRule(String field) implements FieldRule<String> {

    @Override
    public Checked<String> check(JsonNode record) {
        JsonNode node = record.get(field);
        String status =
                node != null && node.isTextual() ? node.textValue().strip().toLowerCase(Locale.ROOT) : null;
        String problem =
                status == null ? Reasons.absentOrWrongType(node, "expected a string") : StoredText.problem(status);
        return problem == null ? Checked.ok(status) : Checked.refused(field, problem);
    }
}
