package io.dailyetl.warehouse.staging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.dailyetl.warehouse.failure.InvalidInput;
import io.dailyetl.warehouse.failure.InvalidInput.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields at fault in one batch, by JSON path, collected across the whole batch (up to a limit) so that one
 * answer names them all. Paths are built only for errors, so valid records cost no strings here.
 */
final class BatchErrors {

    private static final int MAX_ERRORS = 50;

    private final List<Violation> errors = new ArrayList<>();
    private String arrayName;
    private int index;
    /** Bits of the fields of the current element that already have an error (so each is reported once). */
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

    /** Whether the current element's field marked {@code flag} was already reported. */
    boolean reported(int flag) {
        return (bad & flag) != 0;
    }

    /** Notes that the current element's field marked {@code flag} has been reported. */
    void mark(int flag) {
        bad |= flag;
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

    /** An error of a top-level field of the batch, or at a path of its own. */
    void error(String path, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new Violation(path, message));
        }
    }

    /** An error of the current element itself. */
    void element(String message) {
        error(path(), message);
    }

    /** An error of {@code field} of the current element. */
    void field(String field, String message) {
        error(path() + "." + field, message);
    }

    /** An error at the parser's position, deeper inside the current element. */
    void at(JsonParser p, String message) {
        error(pathOf(p), message);
    }

    /** A NUL character in {@code field} of the current element. */
    void nul(String field) {
        field(field, "contains a NUL character, which PostgreSQL cannot store");
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

    /** A value as an error message quotes it: at most 64 characters. */
    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    /** The JSON path of the current element, built only when an error needs it. */
    private String path() {
        return arrayName + "[" + index + "]";
    }
}
