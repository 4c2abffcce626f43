package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.common.JsonLimits;
import io.dailyetl.ingest.SourceJson;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads one record of a page token by token, without building its tree: the five mapped fields become small
 * JsonNodes exactly as {@link SourceJson} would read them (so the same rules judge them), and every other member is
 * only checked, as {@link StorableJson#problem} would check it, and kept as the byte range it has in the page.
 *
 * <p>The check only has to be safe, not to say why: a record with anything the warehouse could not store is handed
 * on as {@link SourceRecord#unsure} and cleaned from its tree by {@link RecordCleaner#clean(JsonNode)}, the
 * reference, which gives the reject reason (such records are rare). A key given twice is judged on every value it
 * has: the tree keeps only the last, so a problem in an earlier one only sends the record to the tree; with none,
 * the byte copy keeps every value and whoever reads it (jsonb included) keeps the last, as the tree did. A mapped
 * field given twice keeps its last value, as in the tree. Every string is decoded and every value read, so a page
 * that {@link SourceJson#readTree} would refuse fails here too.
 *
 * <p>Thread-safe.
 */
public final class RecordScanner {

    /**
     * The mapped fields' names, distinct and interned: the parser interns the keys it reads (Jackson's default),
     * so comparing references finds a mapped key without hashing or comparing text.
     */
    private final String[] mapped;
    /** An unmapped field whose scalar value is kept as a node as well ({@link SourceRecord#field}), or null. */
    private final String watched;

    private final JsonNodeFactory nodes = SourceJson.mapper().getNodeFactory();

    public RecordScanner(CleaningRules rules) {
        this(rules, null);
    }

    /**
     * A scanner that also keeps the value of {@code watched} (an incremental run's change-time field; null for
     * none) when it is not one of the mapped fields, while still copying it into the attributes like any other.
     */
    public RecordScanner(CleaningRules rules, String watched) {
        this.mapped = Set.copyOf(List.of(
                        rules.idField(),
                        rules.userIdField(),
                        rules.amountField(),
                        rules.statusField(),
                        rules.createdAtField()))
                .stream()
                .map(String::intern)
                .toArray(String[]::new);
        this.watched = watched == null || isMapped(watched) ? null : watched.intern();
    }

    /**
     * Reads the record whose first token {@code p} (a {@link SourceJson#parser} over {@code page}) is at, up to its
     * last token.
     */
    public SourceRecord scan(JsonParser p, byte[] page) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return SourceRecord.ofTree(SourceJson.mapper().readTree(p));
        }
        int start = offset(p.currentTokenLocation().getByteOffset());
        ObjectNode fields = nodes.objectNode();
        int[] bounds = new int[16];
        int count = 0;
        boolean plain = true;
        JsonNode watchedValue = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            int memberStart = offset(p.currentTokenLocation().getByteOffset());
            JsonToken value = p.nextToken();
            if (isMapped(name)) {
                fields.set(name, node(p, value));
                continue;
            }
            plain &= name.indexOf('\0') < 0;
            plain &= storable(p, value, 2);
            if (watched != null && value.isScalarValue() && (name == watched || watched.equals(name))) {
                watchedValue = node(p, value); // the value's token is still the current one
            }
            if (2 * count + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[2 * count] = memberStart;
            bounds[2 * count + 1] = offset(p.currentLocation().getByteOffset());
            count++;
        }
        int end = offset(p.currentLocation().getByteOffset());
        return plain
                ? SourceRecord.scanned(
                        page, start, end, fields, new RawAttributes(page, bounds, count), watched, watchedValue)
                : SourceRecord.unsure(page, start, end);
    }

    private boolean isMapped(String name) {
        for (String field : mapped) {
            if (field == name) {
                return true;
            }
        }
        for (String field : mapped) { // a key the parser did not intern
            if (field.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** A mapped value as {@link SourceJson#mapper()} reads it into a tree. */
    private JsonNode node(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> nodes.textNode(p.getText());
            case VALUE_NUMBER_INT ->
                switch (p.getNumberType()) {
                    case INT -> nodes.numberNode(p.getIntValue());
                    case LONG -> nodes.numberNode(p.getLongValue());
                    default -> nodes.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDecimalValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> SourceJson.mapper().readTree(p); // an object or array: rare, read as a tree
        };
    }

    /**
     * Reads the value starting at {@code t} (at level {@code depth}; the record is level 1) to its end, true when
     * {@link StorableJson#problem} finds nothing wrong with it. It reads on past a problem, so the value is always
     * read whole (and every string in it decoded).
     */
    private static boolean storable(JsonParser p, JsonToken t, int depth) throws IOException {
        switch (t) {
            case VALUE_STRING: {
                char[] text = p.getTextCharacters(); // also finishes the token, so the parser's location is past it
                int length = p.getTextLength();
                return StorableJson.textProblem(
                                length,
                                length <= JsonLimits.MAX_STRING_LENGTH && hasNul(text, p.getTextOffset(), length))
                        == null;
            }
            case VALUE_NUMBER_FLOAT:
                // integers are always storable (at most 1,000 digits); a decimal as the tree holds it
                return StorableJson.decimalProblem(p.getDecimalValue()) == null;
            case START_OBJECT: {
                boolean ok = !StorableJson.tooDeep(depth);
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    ok &= name.indexOf('\0') < 0;
                    ok &= storable(p, p.nextToken(), depth + 1);
                }
                return ok;
            }
            case START_ARRAY: {
                boolean ok = !StorableJson.tooDeep(depth);
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    ok &= storable(p, e, depth + 1);
                }
                return ok;
            }
            default:
                return true; // integers, true, false, null
        }
    }

    private static boolean hasNul(char[] text, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            if (text[i] == '\0') {
                return true;
            }
        }
        return false;
    }

    private static int offset(long byteOffset) {
        return Math.toIntExact(byteOffset);
    }
}
