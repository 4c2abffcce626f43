package io.dailyetl.warehouse.failure;

import java.util.List;

/** Input that breaks a field rule: the detail sums it up, and every field at fault is named with what is wrong. */
public final class InvalidInput extends WarehouseFailure {

    private final List<Violation> violations;

    public InvalidInput(String detail, List<Violation> violations) {
        super(Kind.INVALID_INPUT, detail);
        this.violations = List.copyOf(violations);
    }

    /** One field at fault, the detail reading {@code field: message}. */
    public static InvalidInput of(String field, String message) {
        return new InvalidInput(field + ": " + message, List.of(new Violation(field, message)));
    }

    @Override
    public List<Violation> violations() {
        return violations;
    }

    /** One field at fault: a JSON path such as {@code records[3].amount}, or a field of a request. */
    public record Violation(String field, String message) {}
}
