package io.dailyetl.warehouse.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.dailyetl.contract.Amounts;
import io.dailyetl.contract.Iso8601;
import io.dailyetl.common.JsonLimits;
import io.dailyetl.common.ProblemException;
import io.dailyetl.common.ProblemException.FieldError;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a batch body ({@code {"records":[clean…],"rejects":[…]}}) in one streaming pass, validating every record
 * and rendering the valid ones straight into COPY text, so a batch is parsed once and never becomes a tree of
 * objects. Any invalid record fails the whole batch with every field at fault named (up to a limit). Hostile values
 * (absurd exponents, endless digit strings, numbers {@code jsonb} cannot hold, deep nesting, huge strings) are
 * refused by cheap checks before any expensive parsing, so they cost a 400 and no CPU.
 */
@ApplicationScoped
public class BatchReader {

    static final int MAX_TEXT = 256;
    static final int MAX_REASON = 2000;
    private static final int MAX_ERRORS = 50;
    /** Longest amount text: a valid amount needs at most 23 characters; longer ones are not parsed. */
    static final int MAX_AMOUNT_TEXT = 64;

    private final JsonFactory json = JsonFactory.builder().streamReadConstraints(JsonLimits.constraints()).build();

    /**
     * Parses and validates a batch. Throws {@link ProblemException} (400) naming the fields at fault, or 413 past
     * {@code maxRecords}; Jackson's own exception for JSON that is not well-formed.
     */
    public StagedBatch read(InputStream body, int seq, int maxRecords) throws IOException {
        try (JsonParser p = json.createParser(body)) {
            try {
                return new Reading(p, seq, maxRecords).batch();
            } catch (StreamConstraintsException e) {
                String field = fieldOf(p);
                throw ProblemException.invalid("batch " + seq + " is invalid, nothing of it was staged: " + field + ": "
                        + e.getOriginalMessage(), List.of(new FieldError(field, e.getOriginalMessage())));
            }
        }
    }

    /** Where the parser stands, as a path like {@code records[3].attributes.tags[0]}. */
    static String fieldOf(JsonParser p) {
        StringBuilder path = new StringBuilder();
        for (String part : p.getParsingContext().pathAsPointer().toString().split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            boolean index = part.chars().allMatch(Character::isDigit);
            if (index) {
                path.append('[').append(part).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    private final class Reading {
        // bits of the fields of the current record that already have an error (so each is reported once)
        private static final int ID = 1, USER_ID = 2, AMOUNT = 4, STATUS = 8, CREATED_AT = 16;

        private final JsonParser p;
        private final int seq;
        private final int maxRecords;
        private final List<FieldError> errors = new ArrayList<>();
        private final Bytes copy = new Bytes(256 * 1024);
        /** The current record's attributes (or reject's raw record) as compact UTF-8 JSON. */
        private final Bytes scratch = new Bytes(1024);
        private final JsonGenerator scratchJson;
        private final List<StagedBatch.Reject> rejects = new ArrayList<>();
        private int records;
        private String arrayName;
        private int index;
        private int bad;

        Reading(JsonParser p, int seq, int maxRecords) throws IOException {
            this.p = p;
            this.seq = seq;
            this.maxRecords = maxRecords;
            // one generator for the whole batch, writing one root value per record with no separator
            this.scratchJson = json.createGenerator(scratch, JsonEncoding.UTF8);
            this.scratchJson.setRootValueSeparator(null);
        }

        StagedBatch batch() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ProblemException.invalid("body", "expected a JSON object with \"records\" and \"rejects\"");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "records" -> array(t, "records", true);
                    case "rejects" -> array(t, "rejects", false);
                    default -> {
                        error(name, "unknown field (a batch has \"records\" and \"rejects\")");
                        p.skipChildren();
                    }
                }
            }
            if (p.nextToken() != null) {
                throw ProblemException.invalid("body", "unexpected content after the JSON object");
            }
            if (!errors.isEmpty()) {
                String first = errors.get(0).field() + ": " + errors.get(0).message();
                String detail = errors.size() == 1 ? first
                        : first + " (and " + (errors.size() - 1) + " more" + (errors.size() >= MAX_ERRORS ? "+" : "") + ")";
                throw ProblemException.invalid("batch " + seq + " is invalid, nothing of it was staged: " + detail, errors);
            }
            return new StagedBatch(seq, copy.toByteArray(), records, List.copyOf(rejects));
        }

        private void array(JsonToken t, String name, boolean ofRecords) throws IOException {
            if (t == JsonToken.VALUE_NULL) {
                return;
            }
            if (t != JsonToken.START_ARRAY) {
                error(name, "expected an array");
                p.skipChildren();
                return;
            }
            arrayName = name;
            for (index = 0; p.nextToken() != JsonToken.END_ARRAY; index++) {
                if (records + rejects.size() >= maxRecords) {
                    throw ProblemException.tooLarge("a batch may carry at most " + maxRecords
                            + " records and rejects (warehouse.batch.max-records); send smaller batches");
                }
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    error(path(), "expected an object");
                    p.skipChildren();
                } else if (ofRecords) {
                    record();
                } else {
                    reject();
                }
            }
        }

        /** The JSON path of the current element, built only when an error needs it. */
        private String path() {
            return arrayName + "[" + index + "]";
        }

        private String path(String field) {
            return path() + "." + field;
        }

        private void record() throws IOException {
            String id = null, userId = null, amount = null, status = null, createdAt = null;
            boolean attributes = false;
            bad = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "id" -> id = string(t, field, ID);
                    case "userId" -> userId = string(t, field, USER_ID);
                    case "amount" -> amount = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT
                            ? p.getText() : string(t, field, AMOUNT);
                    case "status" -> status = string(t, field, STATUS);
                    case "createdAt" -> createdAt = string(t, field, CREATED_AT);
                    case "attributes" -> {
                        if (t == JsonToken.START_OBJECT) {
                            json(field);
                            attributes = true;
                        } else if (t != JsonToken.VALUE_NULL) {
                            error(path(field), "expected an object");
                            p.skipChildren();
                        }
                    }
                    default -> {
                        error(path(field), "unknown field (extra source fields belong in \"attributes\")");
                        p.skipChildren();
                    }
                }
            }
            text(id, "id", ID);
            text(userId, "userId", USER_ID);
            text(status, "status", STATUS);
            String decimal = decimal(amount);
            String instant = instant(createdAt);
            records++;
            if (!errors.isEmpty()) {
                return;
            }
            copy.number(seq).tab().number(index).tab();
            copy.text(id).tab();
            copy.text(userId).tab();
            copy.ascii(decimal).tab();
            copy.text(status).tab();
            copy.text(instant).tab();
            if (attributes) {
                copy.json(scratch);
            } else {
                copy.ascii("{}");
            }
            copy.newline();
        }

        private void reject() throws IOException {
            String reason = null, raw = null;
            Integer page = null;
            boolean hasRaw = false;
            bad = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "reason" -> reason = string(t, field, ID);
                    case "page" -> {
                        if (t == JsonToken.VALUE_NUMBER_INT && p.getValueAsLong() >= 0 && p.getValueAsLong() <= Integer.MAX_VALUE) {
                            page = p.getIntValue();
                        } else if (t != JsonToken.VALUE_NULL) {
                            error(path(field), "expected a non-negative integer");
                            p.skipChildren();
                        }
                    }
                    case "raw" -> {
                        hasRaw = true;
                        json(field);
                        raw = scratch.toUtf8String();
                    }
                    default -> {
                        error(path(field), "unknown field (a reject has \"reason\", \"page\" and \"raw\")");
                        p.skipChildren();
                    }
                }
            }
            if ((bad & ID) != 0) {
                // already reported
            } else if (reason == null || reason.isBlank()) {
                error(path("reason"), "required: say which field was rejected and why");
            } else if (reason.length() > MAX_REASON) {
                error(path("reason"), "longer than " + MAX_REASON + " characters");
            } else if (reason.indexOf('\0') >= 0) {
                error(path("reason"), "contains a NUL character, which PostgreSQL cannot store");
            }
            if (!hasRaw) {
                error(path("raw"), "required: the record as it was fetched");
            }
            if (errors.isEmpty()) {
                rejects.add(new StagedBatch.Reject(index, page, reason, raw));
            }
        }

        /** A string value, or null when absent or JSON null; any other type is an error. */
        private String string(JsonToken t, String field, int flag) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (t != JsonToken.VALUE_NULL) {
                bad |= flag;
                error(path(field), "expected a string, got " + describe(t));
                p.skipChildren();
            }
            return null;
        }

        private void text(String value, String field, int flag) {
            if ((bad & flag) != 0) {
                return;
            }
            if (value == null) {
                error(path(field), "required");
            } else if (value.isBlank()) {
                error(path(field), "must not be blank");
            } else if (value.length() > MAX_TEXT) {
                error(path(field), "longer than " + MAX_TEXT + " characters");
            } else if (value.indexOf('\0') >= 0) {
                error(path(field), "contains a NUL character, which PostgreSQL cannot store");
            }
        }

        private String decimal(String value) {
            if ((bad & AMOUNT) != 0) {
                return null;
            }
            if (value == null) {
                error(path("amount"), "required (an exact decimal such as \"12.50\")");
                return null;
            }
            String text = value.trim();
            if (text.length() > MAX_AMOUNT_TEXT) {
                error(path("amount"), "out of range: " + text.length() + " characters (an amount has at most "
                        + Amounts.MAX_INTEGER_DIGITS + " integer digits and " + Amounts.MAX_DECIMAL_PLACES + " decimal places)");
                return null;
            }
            BigDecimal amount;
            try {
                amount = new BigDecimal(text);
            } catch (NumberFormatException e) {
                error(path("amount"), "not a decimal number: \"" + abbreviate(value) + "\"");
                return null;
            }
            Amounts.Problem problem = Amounts.problem(amount);
            if (problem != null) {
                error(path("amount"), problem.describe(abbreviate(value)));
                return null;
            }
            // only now, with at most 15 + 6 digits, is the plain form cheap
            return Amounts.normalized(amount).toPlainString();
        }

        private String instant(String value) {
            if ((bad & CREATED_AT) != 0) {
                return null;
            }
            if (value == null) {
                error(path("createdAt"), "required (ISO-8601 with Z or an offset)");
                return null;
            }
            String staged = Iso8601.toWire(value);
            if (staged == null) {
                error(path("createdAt"), "unparseable timestamp \"" + abbreviate(value)
                        + "\" (expected ISO-8601 with Z or an offset, years 1-9999)");
            }
            return staged;
        }

        /** Copies the current JSON value into {@link #scratch} as compact UTF-8, keeping numbers as written. */
        private void json(String field) throws IOException {
            scratch.reset();
            copyValue(scratchJson, field, 1);
            scratchJson.flush();
        }

        /**
         * Copies one value; {@code depth} is its nesting level below the record ({@code attributes} itself, or a
         * reject's {@code raw}, is 1).
         */
        private void copyValue(JsonGenerator g, String field, int depth) throws IOException {
            JsonToken token = p.currentToken();
            if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth > JsonLimits.MAX_ATTRIBUTES_DEPTH) {
                error(fieldOf(p), "nested deeper than " + JsonLimits.MAX_ATTRIBUTES_DEPTH + " levels");
                p.skipChildren();
                g.writeNull();
                return;
            }
            switch (token) {
                case START_OBJECT -> {
                    g.writeStartObject();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        noNul(name, field);
                        g.writeFieldName(name);
                        p.nextToken();
                        copyValue(g, field, depth + 1);
                    }
                    g.writeEndObject();
                }
                case START_ARRAY -> {
                    g.writeStartArray();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        copyValue(g, field, depth + 1);
                    }
                    g.writeEndArray();
                }
                case VALUE_STRING -> {
                    String s = p.getText();
                    noNul(s, field);
                    g.writeString(s);
                }
                case VALUE_NUMBER_INT -> g.writeNumber(p.getText());
                case VALUE_NUMBER_FLOAT -> {
                    // integers of up to 1,000 digits always fit; only an exponent or a fraction can break jsonb
                    String number = p.getText();
                    String problem = JsonLimits.jsonbNumberProblem(number);
                    if (problem != null) {
                        error(fieldOf(p), problem + " (PostgreSQL jsonb cannot store " + abbreviate(number) + ")");
                    }
                    g.writeNumber(number);
                }
                case VALUE_TRUE -> g.writeBoolean(true);
                case VALUE_FALSE -> g.writeBoolean(false);
                case VALUE_NULL -> g.writeNull();
                default -> throw new IllegalStateException("unexpected " + p.currentToken());
            }
        }

        private void noNul(String s, String field) {
            if (s.indexOf('\0') >= 0) {
                error(path(field), "contains a NUL character, which PostgreSQL cannot store");
            }
        }

        private void error(String field, String message) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(new FieldError(field, message));
            }
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> t.asString();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    /**
     * A growable byte buffer that renders COPY text columns (UTF-8, with backslash, tab, newline and carriage return
     * escaped) and serves as the attributes' JSON output, without going through StringBuilder and String.
     */
    static final class Bytes extends OutputStream {
        private byte[] buf;
        private int len;

        Bytes(int capacity) {
            buf = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        void reset() {
            len = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }

        String toUtf8String() {
            return new String(buf, 0, len, StandardCharsets.UTF_8);
        }

        Bytes tab() {
            write('\t');
            return this;
        }

        void newline() {
            write('\n');
        }

        Bytes number(int n) {
            return ascii(Integer.toString(n));
        }

        /** Text known to be ASCII with nothing to escape (numbers, timestamps). */
        Bytes ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            return this;
        }

        /** Any text as a COPY column: ASCII without specials is copied as is; anything else goes the long way. */
        Bytes text(String s) {
            int n = s.length();
            ensure(n);
            int start = len;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80 || c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                    len = start;
                    byte[] utf8 = escaped(s).getBytes(StandardCharsets.UTF_8);
                    write(utf8, 0, utf8.length);
                    return this;
                }
                buf[len++] = (byte) c;
            }
            return this;
        }

        /**
         * Compact JSON (as Jackson writes it) as a COPY column: only its backslashes need doubling, since control
         * characters inside JSON strings are already escaped and UTF-8 continuation bytes are never a backslash.
         */
        void json(Bytes json) {
            byte[] src = json.buf;
            int n = json.len;
            ensure(n * 2);
            for (int i = 0; i < n; i++) {
                byte b = src[i];
                buf[len++] = b;
                if (b == '\\') {
                    buf[len++] = b;
                }
            }
        }

        private static String escaped(String s) {
            StringBuilder out = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(c);
                }
            }
            return out.toString();
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }
    }
}
