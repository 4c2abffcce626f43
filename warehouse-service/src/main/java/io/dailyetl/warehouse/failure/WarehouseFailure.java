package io.dailyetl.warehouse.failure;

import java.util.List;

/**
 * A request the business layer refuses, named for what happened ({@link Kind}). The business layer knows nothing of
 * HTTP: {@code rest/DomainProblemMapper} answers each kind with its problem+json, in one exhaustive switch, so a new
 * kind does not compile until it has an answer.
 */
public abstract class WarehouseFailure extends RuntimeException {

    /** What happened. */
    public enum Kind {
        /** A field of the input breaks a rule; {@link #violations()} names each. */
        INVALID_INPUT,
        NO_SUCH_LOAD,
        NO_SUCH_DELIVERY,
        NO_SUCH_NOTIFICATION,
        /** A notification's result came from a sender other than the one whose claim on it is alive. */
        NOTIFICATION_CLAIMED,
        /** Another load of the source is open and its lease alive. */
        LOAD_ALREADY_OPEN,
        /** The load is committed, aborted or expired. */
        LOAD_NOT_OPEN,
        /** A commit's counts differ from what was staged. */
        STAGED_COUNTS_DIFFER,
        /** Staged rows went missing (PostgreSQL restarted since they were staged). */
        STAGING_LOST,
        /** A data check of the load failed at its error threshold; nothing merged. */
        CHECKS_FAILED,
        /** Another commit held the merge longer than the lock wait. */
        MERGE_BUSY,
        /** A batch over the batch limits. */
        BATCH_TOO_LARGE,
        /** A report window was already sent. */
        ALREADY_SENT,
        /** A report window is being sent under a live claim. */
        BEING_SENT,
        /** A delivery's outcome was reported while it is not SENDING. */
        DELIVERY_NOT_SENDING,
        /** An audit outcome for a STARTED row that has its outcome already. */
        AUDIT_ALREADY_FOLLOWED
    }

    private final Kind kind;

    protected WarehouseFailure(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The fields at fault, for {@link Kind#INVALID_INPUT}; empty otherwise. */
    public List<InvalidInput.Violation> violations() {
        return List.of();
    }
}
