package io.dailyetl.warehouse.staging;

import static io.dailyetl.warehouse.staging.BatchErrors.abbreviate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dailyetl.common.JsonLimits;
import java.io.IOException;

/**
 * Checks a JSON value that goes into {@code jsonb} as it was sent (a record's {@code attributes}, a reject's
 * {@code raw}), token by token, for what PostgreSQL cannot store: nesting too deep, NUL characters, numbers
 * {@code jsonb} cannot hold, bytes that are not well-formed UTF-8. It notes where the value lies in the body, so
 * that its bytes can be copied out unchanged.
 */
final class JsonValueCheck {

    private final JsonParser p;
    /** The body, UTF-8, that {@link #p} reads. */
    private final byte[] body;

    private final BatchErrors errors;
    /** Where the last value checked starts and ends in {@link #body}. */
    int start, end;

    JsonValueCheck(JsonParser p, byte[] body, BatchErrors errors) {
        this.p = p;
        this.body = body;
        this.errors = errors;
    }

    /** Checks the parser's current value, the record's {@code field}, and notes {@link #start} and {@link #end}. */
    void value(String field) throws IOException {
        start = (int) p.currentTokenLocation().getByteOffset();
        check(field, 1);
        // past the value's last token: a string token is complete here, since check read its text
        end = (int) p.currentLocation().getByteOffset();
        // the parser also reads overlong forms and code points past U+10FFFF, which it decodes into other characters
        if (!Utf8.wellFormed(body, start, end)) {
            errors.field(field, "contains bytes that are not well-formed UTF-8");
        }
    }

    /**
     * Checks one value, token by token; {@code depth} is its nesting level below the record ({@code attributes}
     * itself, or a reject's {@code raw}, is 1).
     */
    private void check(String field, int depth) throws IOException {
        JsonToken token = p.currentToken();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
                && depth > JsonLimits.MAX_ATTRIBUTES_DEPTH) {
            errors.at(p, "nested deeper than " + JsonLimits.MAX_ATTRIBUTES_DEPTH + " levels");
            p.skipChildren();
            return;
        }
        switch (token) {
            case START_OBJECT -> {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    if (p.currentName().indexOf('\0') >= 0) {
                        errors.nul(field);
                    }
                    p.nextToken();
                    check(field, depth + 1);
                }
            }
            case START_ARRAY -> {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    check(field, depth + 1);
                }
            }
            case VALUE_STRING -> noNul(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), field);
            case VALUE_NUMBER_FLOAT -> jsonbNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            case VALUE_NUMBER_INT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                // integers of up to 1,000 digits always fit
            }
            default -> throw new IllegalStateException("unexpected " + p.currentToken());
        }
    }

    /** No NUL character in {@code len} characters of {@code text} from {@code offset}, as PostgreSQL requires. */
    private void noNul(char[] text, int offset, int len, String field) {
        for (int i = offset, end = offset + len; i < end; i++) {
            if (text[i] == '\0') {
                errors.nul(field);
                return;
            }
        }
    }

    /**
     * A JSON number with a fraction or exponent, at the parser's position, as {@code len} characters of {@code text}
     * from {@code offset}: {@code jsonb} must be able to hold it.
     */
    private void jsonbNumber(char[] text, int offset, int len) {
        if (len <= JsonLimits.MAX_NUMBER_LENGTH && !hasExponent(text, offset, len)) {
            return; // at most 1,000 digits and no exponent: always fits
        }
        String number = new String(text, offset, len);
        String problem = JsonLimits.jsonbNumberProblem(number);
        if (problem != null) {
            errors.at(p, problem + " (PostgreSQL jsonb cannot store " + abbreviate(number) + ")");
        }
    }

    private static boolean hasExponent(char[] text, int offset, int len) {
        for (int i = offset, end = offset + len; i < end; i++) {
            if ((text[i] | 0x20) == 'e') {
                return true;
            }
        }
        return false;
    }
}
