package io.dailyetl.warehouse.failure;

/**
 * A request the business layer refuses, named for what happened. The business layer knows nothing of HTTP:
 * {@code rest/DomainProblemMapper} answers each kind with its problem+json.
 */
public abstract class WarehouseFailure extends RuntimeException {

    protected WarehouseFailure(String detail) {
        super(detail);
    }
}
