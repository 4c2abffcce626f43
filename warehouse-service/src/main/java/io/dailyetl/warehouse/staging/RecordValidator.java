package io.dailyetl.warehouse.staging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.dailyetl.common.JsonLimits;
import io.dailyetl.contract.Amounts;
import io.dailyetl.contract.FieldLimits;
import io.dailyetl.contract.Iso8601;
import io.dailyetl.warehouse.failure.InvalidInput;
import io.dailyetl.warehouse.failure.InvalidInput.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The field rules of a batch's records and rejects. It collects every field at fault, by JSON path, across the
 * whole batch (up to a limit), so one answer names them all. Cheap checks come before expensive parsing, so hostile
 * values cost no CPU. Paths are built only for errors, so valid records cost no strings here.
 */
final class RecordValidator {

    /** Longest amount text: a valid amount needs at most 23 characters; longer ones are not parsed. */
    static final int MAX_AMOUNT_TEXT = 64;

    private static final int MAX_ERRORS = 50;

    // bits of the fields of the current record that already have an error (so each is reported once)
    static final int ID = 1, USER_ID = 2, AMOUNT = 4, STATUS = 8, CREATED_AT = 16;

    private final List<Violation> errors = new ArrayList<>();
    private String arrayName;
    private int index;
    private int bad;

    /** Where the parser stands next: element {@code index} of the array {@code arrayName}. */
    void at(String arrayName, int index) {
        this.arrayName = arrayName;
        this.index = index;
        this.bad = 0;
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** Fails the batch, naming every field at fault, if any was found. */
    void throwIfInvalid(int seq) {
        if (errors.isEmpty()) {
            return;
        }
        String first = errors.get(0).field() + ": " + errors.get(0).message();
        String detail = errors.size() == 1
                ? first
                : first + " (and " + (errors.size() - 1) + " more" + (errors.size() >= MAX_ERRORS ? "+" : "") + ")";
        throw invalidBatch(seq, detail, errors);
    }

    /** A read limit of the JSON parser broken at the parser's position. */
    static InvalidInput limitBroken(int seq, JsonParser p, StreamConstraintsException e) {
        String field = pathOf(p);
        return invalidBatch(
                seq, field + ": " + e.getOriginalMessage(), List.of(new Violation(field, e.getOriginalMessage())));
    }

    private static InvalidInput invalidBatch(int seq, String detail, List<Violation> violations) {
        return new InvalidInput("batch " + seq + " is invalid, nothing of it was staged: " + detail, violations);
    }

    void unknownBatchField(String name) {
        error(name, "unknown field (a batch has \"records\" and \"rejects\")");
    }

    void notAnArray(String name) {
        error(name, "expected an array");
    }

    void notAnObject() {
        error(path(), "expected an object");
    }

    void notAnObject(String field) {
        error(path(field), "expected an object");
    }

    void unknownRecordField(String field) {
        error(path(field), "unknown field (extra source fields belong in \"attributes\")");
    }

    void unknownRejectField(String field) {
        error(path(field), "unknown field (a reject has \"reason\", \"page\" and \"raw\")");
    }

    void notAPage(String field) {
        error(path(field), "expected a non-negative integer");
    }

    /** A value that should have been a string; {@code flag} marks the field so it is reported once. */
    void notAString(String field, int flag, JsonToken t) {
        bad |= flag;
        error(path(field), "expected a string, got " + describe(t));
    }

    /** A required text column: present, not blank, not too long, storable. */
    void text(TextValue value, String field, int flag) {
        if ((bad & flag) != 0) {
            return;
        }
        if (!value.present) {
            error(path(field), "required");
        } else if (value.blank) {
            error(path(field), "must not be blank");
        } else if (value.length > FieldLimits.MAX_TEXT) {
            error(path(field), "longer than " + FieldLimits.MAX_TEXT + " characters");
        } else if (value.nul) {
            nul(field);
        }
    }

    /** The amount as plain decimal text for COPY, or null (and an error) if it is not a valid amount. */
    String amount(String value) {
        if ((bad & AMOUNT) != 0) {
            return null;
        }
        if (value == null) {
            error(path("amount"), "required (an exact decimal such as \"12.50\")");
            return null;
        }
        if (isPlainAmount(value)) {
            return value; // what the long way below would make of it
        }
        String text = value.trim();
        if (text.length() > MAX_AMOUNT_TEXT) {
            error(
                    path("amount"),
                    "out of range: " + text.length() + " characters (an amount has at most "
                            + Amounts.MAX_INTEGER_DIGITS + " integer digits and " + Amounts.MAX_DECIMAL_PLACES
                            + " decimal places)");
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

    /**
     * Whether {@code s} is an amount already in its stored form, which {@link #amount} then need not parse: an
     * optional minus and 1-15 integer digits without leading zeros (or a single zero, not negative), then optionally
     * a point and 1-6 decimal places.
     */
    static boolean isPlainAmount(String s) {
        int n = s.length();
        int i = 0;
        if (n > 0 && s.charAt(0) == '-') {
            i++;
            if (n == 1 || s.charAt(1) == '0') {
                return false; // a negative zero, or a leading zero: BigDecimal writes these otherwise
            }
        }
        int start = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int integers = i - start;
        if (integers == 0 || integers > Amounts.MAX_INTEGER_DIGITS || (integers > 1 && s.charAt(start) == '0')) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != '.') {
            return false;
        }
        int decimals = n - i - 1;
        if (decimals < 1 || decimals > Amounts.MAX_DECIMAL_PLACES) {
            return false;
        }
        for (i++; i < n; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The creation time as COPY text, or null (and an error) if it is not an ISO-8601 instant. */
    String createdAt(String value) {
        if ((bad & CREATED_AT) != 0) {
            return null;
        }
        if (value == null) {
            error(path("createdAt"), "required (ISO-8601 with Z or an offset)");
            return null;
        }
        String staged = Iso8601.toWire(value);
        if (staged == null) {
            error(
                    path("createdAt"),
                    "unparseable timestamp \"" + abbreviate(value)
                            + "\" (expected ISO-8601 with Z or an offset, years 1-9999)");
        }
        return staged;
    }

    /** A reject's reason, read with the {@link #ID} flag: required, bounded, storable. */
    void reason(String reason) {
        if ((bad & ID) != 0) {
            return; // already reported
        }
        if (reason == null || reason.isBlank()) {
            error(path("reason"), "required: say which field was rejected and why");
        } else if (reason.length() > FieldLimits.MAX_REASON) {
            error(path("reason"), "longer than " + FieldLimits.MAX_REASON + " characters");
        } else {
            noNul(reason, "reason");
        }
    }

    void rawPresent(boolean present) {
        if (!present) {
            error(path("raw"), "required: the record as it was fetched");
        }
    }

    /** An object or array nested below the allowed depth, at the parser's position. */
    void tooDeep(JsonParser p) {
        error(pathOf(p), "nested deeper than " + JsonLimits.MAX_ATTRIBUTES_DEPTH + " levels");
    }

    /**
     * A JSON number with a fraction or exponent, at the parser's position, as {@code len} characters of {@code text}
     * from {@code offset}: {@code jsonb} must be able to hold it.
     */
    void jsonbNumber(char[] text, int offset, int len, JsonParser p) {
        if (len <= JsonLimits.MAX_NUMBER_LENGTH && !hasExponent(text, offset, len)) {
            return; // at most 1,000 digits and no exponent: always fits
        }
        jsonbNumber(new String(text, offset, len), p);
    }

    private static boolean hasExponent(char[] text, int offset, int len) {
        for (int i = offset, end = offset + len; i < end; i++) {
            if ((text[i] | 0x20) == 'e') {
                return true;
            }
        }
        return false;
    }

    /** A JSON number with a fraction or exponent, at the parser's position: {@code jsonb} must be able to hold it. */
    void jsonbNumber(String number, JsonParser p) {
        // integers of up to 1,000 digits always fit; only an exponent or a fraction can break jsonb
        String problem = JsonLimits.jsonbNumberProblem(number);
        if (problem != null) {
            error(pathOf(p), problem + " (PostgreSQL jsonb cannot store " + abbreviate(number) + ")");
        }
    }

    /** Text PostgreSQL can store: no NUL character; {@code field} is the record's field it belongs to. */
    void noNul(String s, String field) {
        if (s.indexOf('\0') >= 0) {
            nul(field);
        }
    }

    /** {@link #noNul(String, String)} for {@code len} characters of {@code text} from {@code offset}. */
    void noNul(char[] text, int offset, int len, String field) {
        for (int i = offset, end = offset + len; i < end; i++) {
            if (text[i] == '\0') {
                nul(field);
                return;
            }
        }
    }

    private void nul(String field) {
        error(path(field), "contains a NUL character, which PostgreSQL cannot store");
    }

    /**
     * Bytes {@code from} to {@code to} of {@code utf8} are well-formed UTF-8, as PostgreSQL requires: the parser also
     * reads overlong forms and code points past U+10FFFF, which it decodes into other characters.
     */
    void utf8(byte[] utf8, int from, int to, String field) {
        if (!Utf8.wellFormed(utf8, from, to)) {
            error(path(field), "contains bytes that are not well-formed UTF-8");
        }
    }

    /** Where the parser stands, as a path like {@code records[3].attributes.tags[0]}. */
    static String pathOf(JsonParser p) {
        StringBuilder path = new StringBuilder();
        for (String part : p.getParsingContext().pathAsPointer().toString().split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            boolean index = part.chars().allMatch(Character::isDigit);
            if (index) {
                path.append('[').append(part).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".")
                        .append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    /** The JSON path of the current element, built only when an error needs it. */
    private String path() {
        return arrayName + "[" + index + "]";
    }

    private String path(String field) {
        return path() + "." + field;
    }

    private void error(String field, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new Violation(field, message));
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
}
