package io.dailyetl.ingest.run;

import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.runs.ErrorKind;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where a run is at one moment: its status, current load, pull, attempts, counts and, once committed, what the
 * commit did; once FAILED, why. Immutable: {@link Run} replaces it with the next one as the run moves, so a reader
 * sees one whole moment.
 */
record RunProgress(
        RunStatus status,
        UUID loadId,
        Pull pull,
        List<RunView.Attempt> attempts,
        Counts counts,
        Committed committed,
        Instant finishedAt,
        Failure failure) {

    /** A run that has not opened its load yet. */
    static final RunProgress STARTING =
            new RunProgress(RunStatus.RUNNING, null, Pull.EVERYTHING, List.of(), Counts.NONE, null, null, null);

    /** What the current attempt read: pages, records fetched, records rejected; and the source retries of the run. */
    record Counts(int pages, long fetched, long rejected, int retries) {
        static final Counts NONE = new Counts(0, 0, 0, 0);
    }

    /**
     * What the commit said: distinct ids loaded, duplicates, how it split the ids (new, changed, unchanged), and
     * the source's watermark after it (null: none), and the data checks the load passed or warned on.
     */
    record Committed(
            long loaded,
            long duplicates,
            Long inserted,
            Long updated,
            Long unchanged,
            Instant watermark,
            List<CheckResult> checks) {}

    RunProgress opened(UUID load, Pull plan) {
        return new RunProgress(status, load, plan, attempts, counts, committed, finishedAt, failure);
    }

    /** Attempt {@code number} on {@code load}: the counts but the retries start again from zero. */
    RunProgress attempting(int number, UUID load, Instant at) {
        List<RunView.Attempt> next = new ArrayList<>(attempts);
        next.add(new RunView.Attempt(number, load, at, null));
        Counts reset = new Counts(0, 0, 0, counts.retries());
        return new RunProgress(status, load, pull, List.copyOf(next), reset, committed, finishedAt, failure);
    }

    RunProgress lost(String reason) {
        List<RunView.Attempt> next = new ArrayList<>(attempts);
        RunView.Attempt a = next.remove(next.size() - 1);
        next.add(new RunView.Attempt(a.number(), a.loadId(), a.startedAt(), reason));
        return new RunProgress(status, loadId, pull, List.copyOf(next), counts, committed, finishedAt, failure);
    }

    RunProgress counted(Counts now) {
        return new RunProgress(status, loadId, pull, attempts, now, committed, finishedAt, failure);
    }

    RunProgress committed(Committed commit) {
        return new RunProgress(status, loadId, pull, attempts, counts, commit, finishedAt, failure);
    }

    /**
     * Why a run failed: what happened ({@code message}), where the cause lies, whether running it again later may
     * succeed with nothing changed, and, when the warehouse's data checks refused the load, their results (passes
     * included; empty otherwise).
     */
    record Failure(String message, ErrorKind kind, boolean mayPass, List<CheckResult> checks) {

        Failure {
            checks = List.copyOf(checks);
        }

        Failure(String message, ErrorKind kind, boolean mayPass) {
            this(message, kind, mayPass, List.of());
        }

        /** This failure with the results of the data checks that refused the load. */
        Failure withChecks(List<CheckResult> results) {
            return new Failure(message, kind, mayPass, results);
        }
    }

    RunProgress ended(RunStatus end, Failure why) {
        return new RunProgress(end, loadId, pull, attempts, counts, committed, finishedAt, why);
    }

    /** What happened, if the run failed; else null. */
    String error() {
        return failure == null ? null : failure.message();
    }

    RunProgress finished(Instant at) {
        return new RunProgress(status, loadId, pull, attempts, counts, committed, at, failure);
    }

    /** The data checks of the run's load: its commit's, or those that refused it; empty if none was judged. */
    List<CheckResult> checks() {
        if (committed != null) {
            return committed.checks();
        }
        return failure == null ? List.of() : failure.checks();
    }

    long loaded() {
        return committed == null ? 0 : committed.loaded();
    }

    long duplicates() {
        return committed == null ? 0 : committed.duplicates();
    }
}
