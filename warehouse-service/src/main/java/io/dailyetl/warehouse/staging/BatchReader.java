package io.dailyetl.warehouse.staging;

import static io.dailyetl.warehouse.staging.RecordValidator.AMOUNT;
import static io.dailyetl.warehouse.staging.RecordValidator.CREATED_AT;
import static io.dailyetl.warehouse.staging.RecordValidator.ID;
import static io.dailyetl.warehouse.staging.RecordValidator.STATUS;
import static io.dailyetl.warehouse.staging.RecordValidator.USER_ID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import io.dailyetl.common.JsonLimits;
import io.dailyetl.warehouse.failure.InvalidInput;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch body ({@code {"records":[clean…],"rejects":[…]}}) in one streaming pass: each record's fields go
 * from the tokens through the {@link RecordValidator} straight into the {@link CopyEncoder}, so a batch is parsed
 * once and never becomes a tree of objects. A record's {@code attributes} (and a reject's {@code raw}) are validated
 * token by token ({@link JsonValueCheck}) but never written anew: their bytes go from the body into the COPY text as
 * they were sent. Any invalid record fails the whole batch with every field at fault named ({@link BatchErrors}).
 */
@ApplicationScoped
class BatchReader {

    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(JsonLimits.constraints())
            .build();

    /**
     * Parses and validates a batch. Throws {@link InvalidInput} naming the fields at fault, or {@link BatchTooLarge}
     * past {@code maxRecords}; Jackson's own exception for JSON that is not well-formed.
     */
    StagedBatch read(byte[] body, int seq, int maxRecords) throws IOException {
        JsonParser parser = json.createParser(body);
        if (!(parser instanceof UTF8StreamJsonParser)) {
            // UTF-16 or UTF-32, which Jackson reads as characters, without byte offsets: read it again as UTF-8
            body = utf8(parser);
            parser = json.createParser(body);
        }
        try (JsonParser p = parser) {
            try {
                return new Reading(p, body, seq, maxRecords).batch();
            } catch (StreamConstraintsException e) {
                throw BatchErrors.limitBroken(seq, p, e);
            }
        }
    }

    /** The whole text of a parser that has not read anything yet and reads characters, as UTF-8. */
    private static byte[] utf8(JsonParser p) throws IOException {
        try (p) {
            if (!(p.getInputSource() instanceof Reader in)) {
                throw new IllegalStateException("unexpected JSON input " + p.getInputSource());
            }
            StringWriter text = new StringWriter();
            in.transferTo(text);
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The state of reading one batch. */
    private final class Reading {
        private final JsonParser p;
        /** The body, UTF-8: attributes and raw records are copied out of it. */
        private final byte[] body;

        private final int seq;
        private final int maxRecords;
        private final BatchErrors errors = new BatchErrors();
        private final RecordValidator validator = new RecordValidator(errors);
        private final JsonValueCheck values;
        private final CopyEncoder copy = new CopyEncoder(256 * 1024);
        /** The current record's text columns. */
        private final TextValue id = new TextValue(), userId = new TextValue(), status = new TextValue();

        private final List<StagedBatch.Reject> rejects = new ArrayList<>();
        private int records;
        private int index;

        Reading(JsonParser p, byte[] body, int seq, int maxRecords) {
            this.p = p;
            this.body = body;
            this.seq = seq;
            this.maxRecords = maxRecords;
            this.values = new JsonValueCheck(p, body, errors);
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
            errors.throwIfInvalid(seq);
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
                    throw BatchTooLarge.records(maxRecords);
                }
                errors.at(name, index);
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
            id.clear();
            userId.clear();
            status.clear();
            String amount = null, createdAt = null;
            int attributesStart = -1, attributesEnd = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "id" -> text(t, field, ID, id);
                    case "userId" -> text(t, field, USER_ID, userId);
                    case "amount" ->
                        amount = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT
                                ? p.getText()
                                : string(t, field, AMOUNT);
                    case "status" -> text(t, field, STATUS, status);
                    case "createdAt" -> createdAt = string(t, field, CREATED_AT);
                    case "attributes" -> {
                        if (t == JsonToken.START_OBJECT) {
                            values.value(field);
                            attributesStart = values.start;
                            attributesEnd = values.end;
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
            if (errors.valid()) {
                copy.row(seq, index, id, userId, decimal, status, instant, body, attributesStart, attributesEnd);
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
                        if (t == JsonToken.VALUE_NUMBER_INT
                                && p.getValueAsLong() >= 0
                                && p.getValueAsLong() <= Integer.MAX_VALUE) {
                            page = p.getIntValue();
                        } else if (t != JsonToken.VALUE_NULL) {
                            validator.notAPage(field);
                            p.skipChildren();
                        }
                    }
                    case "raw" -> {
                        hasRaw = true;
                        values.value(field);
                        raw = new String(body, values.start, values.end - values.start, StandardCharsets.UTF_8);
                    }
                    default -> {
                        validator.unknownRejectField(field);
                        p.skipChildren();
                    }
                }
            }
            validator.reason(reason);
            validator.rawPresent(hasRaw);
            if (errors.valid()) {
                rejects.add(new StagedBatch.Reject(index, page, reason, raw));
            }
        }

        /** A text column's string value into {@code value}, cleared for JSON null; any other type is an error. */
        private void text(JsonToken t, String field, int flag, TextValue value) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                value.read(p);
            } else {
                value.clear();
                string(t, field, flag);
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
    }
}
