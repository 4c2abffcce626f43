package io.dailyetl.contract.loads;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * One data check of a load as the warehouse judged it before merging (docs/checks.md): the check's name (a load's
 * {@code reject-share}, {@code duplicate-share}, {@code volume}, {@code freshness}, or a field rule's
 * {@code not-null}, {@code accepted-values}, {@code range}), the record field a field rule judged ({@code field}, e.g.
 * {@code amount} or {@code attributes.currency}; null for the load's checks), its outcome ({@code PASS}, {@code WARN}
 * or {@code ERROR}), the value observed (null when there was nothing to compare against, {@code note} says why), the
 * thresholds that applied (null: not set), and for a field rule up to 20 ids of records that failed it
 * ({@code samples}: empty when none did; null for the load's checks). An {@code ERROR} refuses the commit; a
 * {@code WARN} lets it through.
 */
public record CheckResult(
        String check,
        String field,
        String outcome,
        Double observed,
        Double warn,
        Double error,
        String note,
        List<String> samples) {

    /** The outcome that refuses a commit. */
    public static final String ERROR = "ERROR";

    /** The outcome that lets a commit through, said out loud. */
    public static final String WARN = "WARN";

    /** The outcome of a check within its thresholds. */
    public static final String PASS = "PASS";

    /** The canonical form, the one JSON is read into; {@code samples} copied. */
    @JsonCreator
    public CheckResult {
        samples = samples == null ? null : List.copyOf(samples);
    }

    /** A check of the whole load (no field, no samples). */
    public CheckResult(String check, String outcome, Double observed, Double warn, Double error, String note) {
        this(check, null, outcome, observed, warn, error, note, null);
    }
}
