package io.dailyetl.console.action;

import io.dailyetl.console.client.IngestClient;
import io.dailyetl.console.client.ReportClient;
import io.dailyetl.console.client.ServiceRefused;
import io.dailyetl.console.config.ConsoleConfig;
import io.dailyetl.contract.audit.AuditEntry;
import io.dailyetl.contract.audit.AuditView;
import io.dailyetl.contract.loads.LoadView;
import io.dailyetl.warehouseclient.AuditClient;
import io.dailyetl.warehouseclient.LoadsClient;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseRejectedException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * What an operator does in the console: start a run (as scheduled, a full pull, or a backfill of a window), abort a
 * load, send or resend a weekly report. Each call is made with the console's operator token and, whatever its
 * outcome, written to the warehouse's audit log: who, what, on what, OK / REFUSED / FAILED, and the cause the service
 * gave. Input is checked first ({@link Form}); input the console refuses calls nothing and is not audited.
 */
@ApplicationScoped
public class Actions {

    private final IngestClient ingest;
    private final ReportClient report;
    private final LoadsClient loads;
    private final AuditClient audit;
    private final Optional<String> operatorToken;

    Actions(IngestClient ingest, ReportClient report, LoadsClient loads, AuditClient audit, ConsoleConfig config) {
        this.ingest = ingest;
        this.report = report;
        this.loads = loads;
        this.audit = audit;
        this.operatorToken = config.operatorToken().map(String::trim).filter(t -> !t.isEmpty());
    }

    /** Whether the console can act: it has an operator token ({@code CONSOLE_OPERATOR_TOKEN}). */
    public boolean enabled() {
        return operatorToken.isPresent();
    }

    /** The most recent loads of every source (the list is an operator's: read with the operator token). */
    public List<LoadView> recentLoads() {
        return loads.recent(200, token());
    }

    /** The kinds of run an operator can start. */
    public enum RunKind {
        /** As the schedule starts it (incremental where ingest is). */
        NOW("run-now"),
        /** Everything, whatever the watermark. */
        FULL("full-pull"),
        /** A window of change times. */
        BACKFILL("backfill");

        private final String action;

        RunKind(String action) {
            this.action = action;
        }

        /** The name of the action in the audit log. */
        public String action() {
            return action;
        }
    }

    /**
     * How an action went: its outcome's audit row (null if it could not be written, {@code auditError} says why), the
     * run it started, if any, and whether the service was called at all ({@code called} false: its STARTED row could
     * not be written, so nothing was done).
     */
    public record Outcome(
            String outcome, String detail, UUID runId, AuditView audited, String auditError, boolean called) {

        public boolean ok() {
            return AuditEntry.OK.equals(outcome);
        }
    }

    /**
     * Starts a run of {@code kind} of {@code source} (null: the ingest's only source) ({@code from}/{@code to} for a
     * backfill, already checked) for {@code actor}. The audit entry names the source.
     */
    public Outcome startRun(String actor, String role, String source, RunKind kind, LocalDate from, LocalDate to) {
        String target = runTarget(source, kind, from, to);
        return act("ingest-service", actor, role, kind.action(), target, () -> {
            IngestClient.StartedRun run = ingest.start(
                    source,
                    kind == RunKind.FULL,
                    kind == RunKind.BACKFILL ? from : null,
                    kind == RunKind.BACKFILL ? to : null,
                    token());
            return new Done(
                    "run " + run.runId() + " of " + (source == null ? "ingest's source" : source) + " started",
                    run.runId());
        });
    }

    /** What a run is written to the audit log as: {@code ingest run of payments, backfill from 2026-11-01 to now}. */
    static String runTarget(String source, RunKind kind, LocalDate from, LocalDate to) {
        String run = source == null ? "ingest run" : "ingest run of " + source;
        return switch (kind) {
            case NOW -> run;
            case FULL -> run + ", full pull";
            case BACKFILL -> run + ", backfill from " + from + (to == null ? " to now" : " to before " + to);
        };
    }

    /** Aborts load {@code loadId} for {@code actor}. */
    public Outcome abortLoad(String actor, String role, UUID loadId) {
        return act("the warehouse", actor, role, "abort-load", "load " + loadId, () -> {
            loads.abortAs(loadId, token());
            return new Done("load " + loadId + " aborted", null);
        });
    }

    /** Sends the weekly report of the week ending before {@code end} (again, with {@code force}) for {@code actor}. */
    public Outcome sendReport(String actor, String role, LocalDate end, boolean force) {
        String target = "weekly report, week ending before " + end + (force ? ", sent again" : "");
        return act("report-service", actor, role, force ? "resend-report" : "send-report", target, () -> {
            ReportClient.Sent sent = report.send(end, force, token());
            return new Done(
                    "week " + sent.from() + " to before " + sent.to() + " mailed to "
                            + String.join(", ", sent.emailedTo()) + " (" + sent.users() + " users, total "
                            + sent.total() + ")",
                    null);
        });
    }

    private record Done(String detail, UUID runId) {}

    private Outcome act(String service, String actor, String role, String action, String target, Supplier<Done> call) {
        // on record before the call: a console that dies before the answer leaves this row, not nothing
        AuditView started;
        try {
            started = audit.write(new AuditEntry(actor, role, action, target, AuditEntry.STARTED, "", null), token());
        } catch (RuntimeException e) {
            String auditError = readable("the warehouse", e);
            Log.errorf(
                    "console action: %s by %s on %s not done: the audit log could not be written: %s",
                    action, actor, target, auditError);
            return new Outcome(AuditEntry.FAILED, "not done", null, null, auditError, false);
        }
        String outcome;
        String detail;
        UUID runId = null;
        try {
            Done done = call.get();
            outcome = AuditEntry.OK;
            detail = done.detail();
            runId = done.runId();
        } catch (ServiceRefused e) {
            outcome = e.refused() ? AuditEntry.REFUSED : AuditEntry.FAILED;
            detail = e.getMessage();
        } catch (RuntimeException e) {
            outcome = refusedByWarehouse(e) ? AuditEntry.REFUSED : AuditEntry.FAILED;
            detail = readable(service, e);
        }
        Log.infof("console action: %s by %s on %s: %s (%s)", action, actor, target, outcome, detail);
        AuditView row = null;
        String auditError = null;
        try {
            row = audit.write(
                    new AuditEntry(actor, role, action, target, outcome, abbreviate(detail), started.id()), token());
        } catch (RuntimeException e) {
            auditError = readable("the warehouse", e);
            Log.errorf(
                    "console action: %s by %s: its outcome could not be written to the audit log (row %d stays "
                            + "STARTED): %s",
                    action, actor, started.id(), auditError);
        }
        return new Outcome(outcome, detail, runId, row, auditError, true);
    }

    private static boolean refusedByWarehouse(RuntimeException e) {
        return e instanceof WarehouseConflictException || e instanceof WarehouseRejectedException;
    }

    /**
     * What went wrong with a call of {@code service}, in words: a refusal's own message; "could not be reached" with
     * the innermost cause's message (no class names) for a connection that failed; "did not answer in time" for a
     * timeout.
     */
    public static String readable(String service, Throwable e) {
        if (e instanceof ServiceRefused
                || e instanceof WarehouseConflictException
                || e instanceof WarehouseRejectedException) {
            return e.getMessage();
        }
        if (e instanceof TimeoutException) {
            return service + " did not answer in time";
        }
        if (e.getMessage() != null && e.getMessage().startsWith("the warehouse answered")) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null || root.getMessage().isBlank()
                ? root.getClass().getSimpleName()
                : root.getMessage();
        return service + " could not be reached: " + message;
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }

    private String token() {
        return operatorToken.orElseThrow(() -> new IllegalStateException("the console has no operator token"));
    }
}
