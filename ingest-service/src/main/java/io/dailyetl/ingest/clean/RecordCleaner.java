package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.ingest.SourceJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Turns one raw source record into a {@link Cleaned.Clean} record or a {@link Cleaned.Rejected} reason, within the
 * bounds the warehouse enforces (so one bad record never makes the warehouse refuse a batch).
 *
 * <p>Each field has its rule ({@link IdentifierRule} for id and user_id, {@link AmountRule}, {@link StatusRule},
 * {@link CreatedAtRule}, {@link AttributesRule}); they run in the order id, user_id, amount, status, created_at,
 * attributes, and the first failure is reported as {@code <source field>: <what is wrong>}. Every field other than
 * the five mapped ones is carried, unchanged, into {@code attributes}; the input node is never modified.
 *
 * <p>Thread-safe, with no state kept between records.
 */
public final class RecordCleaner {

    private final FieldRule<String> id;
    private final FieldRule<String> userId;
    private final FieldRule<BigDecimal> amount;
    private final FieldRule<String> status;
    private final FieldRule<Instant> createdAt;
    private final FieldRule<ObjectNode> attributes;

    public RecordCleaner(CleaningRules rules) {
        this.id = new IdentifierRule(rules.idField());
        this.userId = new IdentifierRule(rules.userIdField());
        this.amount = new AmountRule(rules.amountField());
        this.status = new StatusRule(rules.statusField());
        this.createdAt = new CreatedAtRule(rules.createdAtField(), new TimestampParser(rules.zone()));
        this.attributes = new AttributesRule(List.of(
                rules.idField(),
                rules.userIdField(),
                rules.amountField(),
                rules.statusField(),
                rules.createdAtField()));
    }

    /** Cleans one raw record (as read by {@link SourceJson#mapper()}); never throws for any input. */
    public Cleaned clean(JsonNode raw) {
        if (raw == null || !raw.isObject()) {
            return new Cleaned.Rejected("record: not a JSON object");
        }
        return clean(raw, null);
    }

    /**
     * Cleans one record as {@link RecordScanner} read it, with the same outcome as {@link #clean(JsonNode)} on its
     * tree: a plain record is judged by the same rules on its mapped fields and keeps its other fields as written
     * (the scanner found them storable); any other is cleaned from its tree.
     */
    public Cleaned cleanScanned(SourceRecord record) {
        ObjectNode mapped = record.mapped();
        return mapped == null ? clean(record.tree()) : clean(mapped, record.attributes());
    }

    /**
     * Runs the rules in order on {@code fields}; the attributes are {@code raw} when given (already judged), else
     * what {@link AttributesRule} makes of {@code fields}.
     */
    private Cleaned clean(JsonNode fields, RawAttributes raw) {
        FieldRule.Checked<String> cleanId = id.check(fields);
        if (cleanId.isRefused()) {
            return cleanId.rejected();
        }
        FieldRule.Checked<String> cleanUserId = userId.check(fields);
        if (cleanUserId.isRefused()) {
            return cleanUserId.rejected();
        }
        FieldRule.Checked<BigDecimal> cleanAmount = amount.check(fields);
        if (cleanAmount.isRefused()) {
            return cleanAmount.rejected();
        }
        FieldRule.Checked<String> cleanStatus = status.check(fields);
        if (cleanStatus.isRefused()) {
            return cleanStatus.rejected();
        }
        FieldRule.Checked<Instant> cleanCreatedAt = createdAt.check(fields);
        if (cleanCreatedAt.isRefused()) {
            return cleanCreatedAt.rejected();
        }
        if (raw != null) {
            return new Cleaned.Clean(
                    cleanId.value(),
                    cleanUserId.value(),
                    cleanAmount.value(),
                    cleanStatus.value(),
                    cleanCreatedAt.value(),
                    null,
                    raw);
        }
        FieldRule.Checked<ObjectNode> cleanAttributes = attributes.check(fields);
        if (cleanAttributes.isRefused()) {
            return cleanAttributes.rejected();
        }
        return new Cleaned.Clean(
                cleanId.value(),
                cleanUserId.value(),
                cleanAmount.value(),
                cleanStatus.value(),
                cleanCreatedAt.value(),
                cleanAttributes.value());
    }
}
