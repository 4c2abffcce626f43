package io.dailyetl.warehouse.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.dailyetl.common.JsonLimits;
import io.dailyetl.warehouse.failure.InvalidInput;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static io.dailyetl.warehouse.load.RecordValidator.AMOUNT;
import static io.dailyetl.warehouse.load.RecordValidator.CREATED_AT;
import static io.dailyetl.warehouse.load.RecordValidator.ID;
import static io.dailyetl.warehouse.load.RecordValidator.STATUS;
import static io.dailyetl.warehouse.load.RecordValidator.USER_ID;

/**
 * Reads a batch body ({@code {"records":[clean…],"rejects":[…]}}) in one streaming pass: each record's fields go
 * from the tokens through the {@link RecordValidator} straight into the {@link CopyEncoder}, so a batch is parsed
 * once and never becomes a tree of objects. Any invalid record fails the whole batch with every field at fault
 * named (up to a limit).
 */
@ApplicationScoped
public class BatchReader {

    private final JsonFactory json = JsonFactory.builder().streamReadConstraints(JsonLimits.constraints()).build();

    /**
     * Parses and validates a batch. Throws {@link InvalidInput} naming the fields at fault, or {@link BatchTooLarge}
     * past {@code maxRecords}; Jackson's own exception for JSON that is not well-formed.
     */
    public StagedBatch read(InputStream body, int seq, int maxRecords) throws IOException {
        try (JsonParser p = json.createParser(body)) {
            try {
                return new Reading(p, seq, maxRecords).batch();
            } catch (StreamConstraintsException e) {
                throw RecordValidator.limitBroken(seq, p, e);
            }
        }
    }

    /** The state of reading one batch. */
    private final class Reading {
        private final JsonParser p;
        private final int seq;
        private final int maxRecords;
        private final RecordValidator validator = new RecordValidator();
        private final CopyEncoder copy = new CopyEncoder(256 * 1024);
        /** The current record's attributes (or reject's raw record) as compact UTF-8 JSON. */
        private final ByteSink scratch = new ByteSink(1024);
        private final JsonGenerator scratchJson;
        private final List<StagedBatch.Reject> rejects = new ArrayList<>();
        private int records;
        private int index;

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
                throw InvalidInput.of("body", "expected a JSON object with \"records\" and \"rejects\"");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "records" -> array(t, "records", true);
                    case "rejects" -> array(t, "rejects", false);
                    default -> {
                        validator.unknownBatchField(name);
                        p.skipChildren();
                    }
                }
            }
            if (p.nextToken() != null) {
                throw InvalidInput.of("body", "unexpected content after the JSON object");
            }
            validator.throwIfInvalid(seq);
            return new StagedBatch(seq, copy.toByteArray(), records, List.copyOf(rejects));
        }

        private void array(JsonToken t, String name, boolean ofRecords) throws IOException {
            if (t == JsonToken.VALUE_NULL) {
                return;
            }
            if (t != JsonToken.START_ARRAY) {
                validator.notAnArray(name);
                p.skipChildren();
                return;
            }
            for (index = 0; p.nextToken() != JsonToken.END_ARRAY; index++) {
                if (records + rejects.size() >= maxRecords) {
                    throw new BatchTooLarge(maxRecords);
                }
                validator.at(name, index);
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    validator.notAnObject();
                    p.skipChildren();
                } else if (ofRecords) {
                    record();
                } else {
                    reject();
                }
            }
        }

        private void record() throws IOException {
            String id = null, userId = null, amount = null, status = null, createdAt = null;
            boolean attributes = false;
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
                            validator.notAnObject(field);
                            p.skipChildren();
                        }
                    }
                    default -> {
                        validator.unknownRecordField(field);
                        p.skipChildren();
                    }
                }
            }
            validator.text(id, "id", ID);
            validator.text(userId, "userId", USER_ID);
            validator.text(status, "status", STATUS);
            String decimal = validator.amount(amount);
            String instant = validator.createdAt(createdAt);
            records++;
            if (validator.valid()) {
                copy.row(seq, index, id, userId, decimal, status, instant, attributes ? scratch : null);
            }
        }

        private void reject() throws IOException {
            String reason = null, raw = null;
            Integer page = null;
            boolean hasRaw = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "reason" -> reason = string(t, field, ID);
                    case "page" -> {
                        if (t == JsonToken.VALUE_NUMBER_INT && p.getValueAsLong() >= 0 && p.getValueAsLong() <= Integer.MAX_VALUE) {
                            page = p.getIntValue();
                        } else if (t != JsonToken.VALUE_NULL) {
                            validator.notAPage(field);
                            p.skipChildren();
                        }
                    }
                    case "raw" -> {
                        hasRaw = true;
                        json(field);
                        raw = scratch.toUtf8String();
                    }
                    default -> {
                        validator.unknownRejectField(field);
                        p.skipChildren();
                    }
                }
            }
            validator.reason(reason);
            validator.rawPresent(hasRaw);
            if (validator.valid()) {
                rejects.add(new StagedBatch.Reject(index, page, reason, raw));
            }
        }

        /** A string value, or null when absent or JSON null; any other type is an error. */
        private String string(JsonToken t, String field, int flag) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (t != JsonToken.VALUE_NULL) {
                validator.notAString(field, flag, t);
                p.skipChildren();
            }
            return null;
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
                validator.tooDeep(p);
                p.skipChildren();
                g.writeNull();
                return;
            }
            switch (token) {
                case START_OBJECT -> {
                    g.writeStartObject();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        validator.noNul(name, field);
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
                    validator.noNul(s, field);
                    g.writeString(s);
                }
                case VALUE_NUMBER_INT -> g.writeNumber(p.getText());
                case VALUE_NUMBER_FLOAT -> {
                    String number = p.getText();
                    validator.jsonbNumber(number, p);
                    g.writeNumber(number);
                }
                case VALUE_TRUE -> g.writeBoolean(true);
                case VALUE_FALSE -> g.writeBoolean(false);
                case VALUE_NULL -> g.writeNull();
                default -> throw new IllegalStateException("unexpected " + p.currentToken());
            }
        }
    }
}
