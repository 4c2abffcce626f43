package io.dailyetl.contract.notifications;

/**
 * What a notification tells (docs/notifications.md). The warehouse records one in the same transaction as the
 * outcome that causes it; a subject (a source, or a report) is notified once per failure streak, reminded at most
 * every {@code remind-every} while it stays broken, and told once when it recovers.
 */
public enum NotificationEvent {
    /** A run of a source ended FAILED (after its attempts, or its lease lapsed) and the source was not failing. */
    RUN_FAILED,
    /** A reminder: the subject is still failing (or still missing runs) {@code remind-every} after the last notice. */
    STILL_FAILING,
    /** The first success of a subject after it failed or missed its interval. */
    RECOVERED,
    /** A run SUCCEEDED with data checks that warned. */
    RUN_WARNED,
    /** A run SUCCEEDED (only when every success is asked for: the old job's "Pipeline Success"). */
    RUN_SUCCEEDED,
    /** A source had no successful run within its expected interval plus the grace period. */
    RUN_MISSED,
    /** A report's delivery FAILED (its mail could not be sent, or its sender died with the claim). */
    REPORT_FAILED,
    /** The daily digest: every source's runs of the last day (only when asked for). */
    DIGEST
}
