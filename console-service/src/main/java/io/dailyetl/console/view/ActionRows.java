package io.dailyetl.console.view;

import io.dailyetl.console.config.ConsoleConfig;
import io.dailyetl.console.view.Display.TimeText;
import io.dailyetl.contract.audit.AuditEntry;
import io.dailyetl.contract.audit.AuditView;
import io.dailyetl.contract.deliveries.DeliveryRecord;
import io.dailyetl.contract.loads.LoadView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rows of the actions, audit and reports pages, as text ready to render: times in the console's zone with
 * their UTC instant, counts with separators.
 */
@ApplicationScoped
public class ActionRows {

    private final Display display;
    private final ZoneId zone;
    private final Clock clock = Clock.systemUTC();

    ActionRows(Display display, ConsoleConfig config) {
        this.display = display;
        this.zone = Display.zone(config.zone());
    }

    /** Today in the console's zone (the latest date a form accepts). */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** The OPEN loads among {@code loads}, as rows. */
    public List<LoadRow> openLoads(List<LoadView> loads) {
        return loads.stream()
                .filter(LoadView::open)
                .map(l -> new LoadRow(
                        l.loadId().toString(),
                        l.source(),
                        l.runId() == null ? "-" : l.runId(),
                        display.time(l.openedAt() == null ? null : l.openedAt().toInstant()),
                        display.time(
                                l.leaseExpiresAt() == null
                                        ? null
                                        : l.leaseExpiresAt().toInstant()),
                        Display.count(l.batches() == null ? null : (long) l.batches()),
                        Display.count(l.records())))
                .toList();
    }

    /**
     * The audit log's rows: an action's outcome stands for its STARTED row; a STARTED row without an outcome is shown
     * as such, saying what that means.
     */
    public List<AuditRow> audit(List<AuditView> rows) {
        Set<Long> followed =
                rows.stream().map(AuditView::follows).filter(Objects::nonNull).collect(Collectors.toSet());
        return rows.stream()
                .filter(a -> !(AuditEntry.STARTED.equals(a.outcome()) && followed.contains(a.id())))
                .map(a -> new AuditRow(
                        Long.toString(a.id()),
                        display.time(a.at()),
                        a.actor(),
                        a.role(),
                        a.action(),
                        a.target(),
                        a.outcome(),
                        AuditEntry.STARTED.equals(a.outcome()) ? NO_OUTCOME : a.detail()))
                .toList();
    }

    /** What a STARTED row without an outcome means. */
    static final String NO_OUTCOME = "no outcome on record: the service was called and the console did not record "
            + "its answer (it stopped, or lost the warehouse, meanwhile; or the call is still running). "
            + "Look at the runs, the open loads or the reports for what happened";

    /** The weekly report's deliveries. */
    public List<DeliveryRow> deliveries(List<DeliveryRecord> deliveries) {
        return deliveries.stream()
                .map(d -> new DeliveryRow(
                        d.deliveryId().toString(),
                        d.from() + " to "
                                + (d.to() == null ? "-" : d.to().minusDays(1).toString()),
                        d.to() == null ? "" : d.to().toString(),
                        d.status(),
                        d.forced(),
                        d.recipients() == null ? "" : String.join(", ", d.recipients()),
                        display.time(d.claimedAt()),
                        display.time(d.finishedAt()),
                        Display.count(d.users()),
                        d.total() == null ? "-" : d.total(),
                        d.error() == null ? "" : d.error(),
                        d.messageId() == null ? "" : d.messageId()))
                .toList();
    }

    /** An OPEN load. */
    public record LoadRow(
            String id,
            String source,
            String runId,
            TimeText opened,
            TimeText leaseExpires,
            String batches,
            String records) {}

    /** A row of the audit log. */
    public record AuditRow(
            String id,
            TimeText at,
            String actor,
            String role,
            String action,
            String target,
            String outcome,
            String detail) {}

    /**
     * A delivery of the weekly report: {@code window} its days (first to last), {@code end} the exclusive end (for
     * its CSV and a resend), {@code messageId} the {@code Message-ID} a SENT delivery's mail carried (empty if not
     * recorded).
     */
    public record DeliveryRow(
            String id,
            String window,
            String end,
            String status,
            boolean forced,
            String recipients,
            TimeText claimed,
            TimeText finished,
            String users,
            String total,
            String error,
            String messageId) {}
}
