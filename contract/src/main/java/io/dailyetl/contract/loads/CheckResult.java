package io.dailyetl.contract.loads;

/**
 * One data check of a load as the warehouse judged it before merging (docs/checks.md): the check's name
 * ({@code reject-share}, {@code duplicate-share}, {@code volume}), its outcome ({@code PASS}, {@code WARN} or
 * {@code ERROR}), the value observed (null when there was nothing to compare against, {@code note} says why) and the
 * thresholds that applied (null: not set). An {@code ERROR} refuses the commit; a {@code WARN} lets it through.
 */
public record CheckResult(String check, String outcome, Double observed, Double warn, Double error, String note) {

    /** The outcome that refuses a commit. */
    public static final String ERROR = "ERROR";

    /** The outcome that lets a commit through, said out loud. */
    public static final String WARN = "WARN";

    /** The outcome of a check within its thresholds. */
    public static final String PASS = "PASS";
}
