package io.dailyetl.warehouse.checks;

import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.warehouse.failure.WarehouseFailure;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A data check of a load failed at its error threshold, so its commit is refused before anything is merged: the load
 * stays OPEN for its sender to abort. {@link #failed()} are the failed checks' results.
 */
public final class ChecksFailed extends WarehouseFailure {

    private final transient List<CheckResult> failed;

    ChecksFailed(UUID loadId, List<CheckResult> failed) {
        super(
                Kind.CHECKS_FAILED,
                "load %s failed its data checks: %s. Nothing was merged; the load stays OPEN (abort it)."
                        .formatted(
                                loadId, failed.stream().map(ChecksFailed::said).collect(Collectors.joining("; "))));
        this.failed = List.copyOf(failed);
    }

    /** The results of the checks that failed. */
    public List<CheckResult> failed() {
        return failed;
    }

    /** One failed check for the detail: its value against its threshold, or (a volume under its minimum) why. */
    private static String said(CheckResult r) {
        String check = r.field() == null ? r.check() : r.check() + " of " + r.field();
        if (r.observed() == null || r.error() == null) {
            return check + ": " + r.note();
        }
        return check + " " + r.observed() + " against error threshold " + r.error()
                + (r.note() == null ? "" : " (" + r.note() + samples(r) + ")");
    }

    /** A few of a field rule's sample ids, for the detail (the member {@code checks} has them all). */
    private static String samples(CheckResult r) {
        if (r.samples() == null || r.samples().isEmpty()) {
            return "";
        }
        List<String> few = r.samples().subList(0, Math.min(3, r.samples().size()));
        return "; e.g. ids " + String.join(", ", few) + (r.samples().size() > few.size() ? ", …" : "");
    }
}
