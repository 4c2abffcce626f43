package io.dailyetl.warehouse.staging;

import static io.dailyetl.warehouse.staging.BatchErrors.abbreviate;

import com.fasterxml.jackson.core.JsonToken;
import io.dailyetl.contract.FieldLimits;
import io.dailyetl.contract.Iso8601;

/**
 * The field rules of a batch's records and rejects, each fault reported to the batch's {@link BatchErrors}. Cheap
 * checks come before expensive parsing, so hostile values cost no CPU.
 */
final class RecordValidator {

    // bits of the fields of the current record that already have an error (so each is reported once)
    static final int ID = 1, USER_ID = 2, AMOUNT = 4, STATUS = 8, CREATED_AT = 16;

    private final BatchErrors errors;

    RecordValidator(BatchErrors errors) {
        this.errors = errors;
    }

    void unknownBatchField(String name) {
        errors.error(name, "unknown field (a batch has \"records\" and \"rejects\")");
    }

    void notAnArray(String name) {
        errors.error(name, "expected an array");
    }

    void notAnObject() {
        errors.element("expected an object");
    }

    void notAnObject(String field) {
        errors.field(field, "expected an object");
    }

    void unknownRecordField(String field) {
        errors.field(field, "unknown field (extra source fields belong in \"attributes\")");
    }

    void unknownRejectField(String field) {
        errors.field(field, "unknown field (a reject has \"reason\", \"page\" and \"raw\")");
    }

    void notAPage(String field) {
        errors.field(field, "expected a non-negative integer");
    }

    /** A value that should have been a string; {@code flag} marks the field so it is reported once. */
    void notAString(String field, int flag, JsonToken t) {
        errors.mark(flag);
        errors.field(field, "expected a string, got " + describe(t));
    }

    /** A required text column: present, not blank, not too long, storable. */
    void text(TextValue value, String field, int flag) {
        if (errors.reported(flag)) {
            return;
        }
        if (!value.present) {
            errors.field(field, "required");
        } else if (value.blank) {
            errors.field(field, "must not be blank");
        } else if (value.length > FieldLimits.MAX_TEXT) {
            errors.field(field, "longer than " + FieldLimits.MAX_TEXT + " characters");
        } else if (value.nul) {
            errors.nul(field);
        }
    }

    /** The amount as plain decimal text for COPY, or null (and an error) if it is not a valid amount. */
    String amount(String value) {
        return errors.reported(AMOUNT) ? null : AmountRule.copyText(value, errors);
    }

    /** The creation time as COPY text, or null (and an error) if it is not an ISO-8601 instant. */
    String createdAt(String value) {
        if (errors.reported(CREATED_AT)) {
            return null;
        }
        if (value == null) {
            errors.field("createdAt", "required (ISO-8601 with Z or an offset)");
            return null;
        }
        String staged = Iso8601.toWire(value);
        if (staged == null) {
            errors.field(
                    "createdAt",
                    "unparseable timestamp \"" + abbreviate(value)
                            + "\" (expected ISO-8601 with Z or an offset, years 1-9999)");
        }
        return staged;
    }

    /** A reject's reason, read with the {@link #ID} flag: required, bounded, storable. */
    void reason(String reason) {
        if (errors.reported(ID)) {
            return; // already reported
        }
        if (reason == null || reason.isBlank()) {
            errors.field("reason", "required: say which field was rejected and why");
        } else if (reason.length() > FieldLimits.MAX_REASON) {
            errors.field("reason", "longer than " + FieldLimits.MAX_REASON + " characters");
        } else if (reason.indexOf('\0') >= 0) {
            errors.nul("reason");
        }
    }

    void rawPresent(boolean present) {
        if (!present) {
            errors.field("raw", "required: the record as it was fetched");
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
}
