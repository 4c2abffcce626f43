package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.contract.loads.CommitLoad;
import io.dailyetl.warehouse.failure.InvalidInput;

/** What a commit request says its load staged: each count present and not negative, else refused naming it. */
record ClaimedCounts(int batches, long records, long rejects) {

    static ClaimedCounts of(CommitLoad request) {
        if (request == null) {
            throw InvalidInput.of(
                    "batches", "required: send {\"batches\":k,\"records\":n,\"rejects\":m,\"watermark\":\"…\"}");
        }
        return new ClaimedCounts(
                nonNegative(request.batches(), "batches").intValue(),
                nonNegative(request.records(), "records").longValue(),
                nonNegative(request.rejects(), "rejects").longValue());
    }

    private static Number nonNegative(Number value, String field) {
        if (value == null) {
            throw InvalidInput.of(field, "required");
        }
        if (value.longValue() < 0) {
            throw InvalidInput.of(field, "must not be negative");
        }
        return value;
    }
}
