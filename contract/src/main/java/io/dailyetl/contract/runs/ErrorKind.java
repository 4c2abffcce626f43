package io.dailyetl.contract.runs;

/**
 * Where the cause of a FAILED run lies, so that an operator knows where to look first: the run's {@code errorKind},
 * next to its {@code error} (what happened) and {@code errorTransient} (whether the same run may succeed later
 * without a change on our side).
 */
public enum ErrorKind {
    /** The source: an HTTP error past the retries, a page that is not what the configuration describes. */
    SOURCE,
    /** Ingest's own configuration or limits: a page over {@code ingest.source.max-page-bytes}, a bad setting. */
    CONFIGURATION,
    /** The warehouse: unreachable past the patience, its load lost, a request it refused. */
    WAREHOUSE,
    /** The warehouse's database refused the work: a full disk, out of memory (the error names its SQLSTATE). */
    DATABASE,
    /** The warehouse's data checks refused the load at its commit. */
    CHECKS
}
