package io.dailyetl.warehouse.report;

import io.agroal.api.AgroalDataSource;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.failure.InvalidInput;
import io.dailyetl.warehouse.notify.Streaks;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The durable record of what report-service emailed (the report's sent-record). A delivery is claimed
 * before the email goes out, so two replicas or a restarted service never send the same window twice; a failed
 * send releases the claim; {@code force} supersedes an earlier SENT delivery. A SENDING claim holds for
 * {@code warehouse.delivery.lease}; a claim whose sender went silent longer is taken over by the next claim. Every
 * time here (claimed, lease, lapse, finished) is the database's {@code now()}, so replicas whose clocks disagree
 * still agree on whether a claim lapsed.
 */
@ApplicationScoped
public class DeliveryLedger {

    private static final Pattern REPORT = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final WarehouseConfig config;
    private final AgroalDataSource dataSource;
    private final Streaks streaks;

    DeliveryLedger(WarehouseConfig config, AgroalDataSource dataSource, Streaks streaks) {
        this.config = config;
        this.dataSource = dataSource;
        this.streaks = streaks;
    }

    /**
     * Claims the window for sending; {@link AlreadySent} if it was sent (unless forced), {@link BeingSent} if
     * another claim on it is SENDING and its lease alive.
     */
    public DeliveryView claim(String report, LocalDate from, LocalDate to, List<String> recipients, boolean force) {
        if (report == null || !REPORT.matcher(report).matches()) {
            throw InvalidInput.of("report", "required: lower-case letters, digits and '-', e.g. weekly");
        }
        if (from == null) {
            throw InvalidInput.of("from", "required (YYYY-MM-DD)");
        }
        if (to == null || !to.isAfter(from)) {
            throw InvalidInput.of("to", "required and after from (YYYY-MM-DD)");
        }
        if (recipients == null || recipients.isEmpty()) {
            throw InvalidInput.of("recipients", "at least one address");
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                OffsetDateTime now = databaseNow();
                Duration lease = config.delivery().lease();
                Delivery current = Delivery.find(
                                "report = ?1 and windowFrom = ?2 and windowTo = ?3 and status in ('SENDING', 'SENT')",
                                report,
                                from,
                                to)
                        .firstResult();
                if (current != null) {
                    boolean lapsed = "SENDING".equals(current.status) && current.leaseExpiresAt.isBefore(now);
                    if (lapsed) {
                        current.status = "FAILED";
                        current.error = "the sender did not report back within "
                                + lease.toString().substring(2).toLowerCase() + "; taken over by a later claim";
                        current.finishedAt = now;
                        Log.warnf(
                                "%s report %s – %s: claim %s (at %s) lapsed at %s; taken over",
                                report, from, to, current.id, current.claimedAt, current.leaseExpiresAt);
                        notify(current);
                    } else if ("SENT".equals(current.status) && force) {
                        current.status = "SUPERSEDED";
                    } else if ("SENT".equals(current.status)) {
                        throw new AlreadySent("the " + report + " report for " + from + " – " + to + " is SENT (at "
                                + current.finishedAt + "); send with force to resend");
                    } else {
                        throw new BeingSent(
                                "the " + report + " report for " + from + " – " + to + " is SENDING (claimed at "
                                        + current.claimedAt + ", lease until " + current.leaseExpiresAt + ")");
                    }
                    Delivery.flush();
                }
                Delivery d = new Delivery();
                d.id = UUID.randomUUID();
                d.report = report;
                d.windowFrom = from;
                d.windowTo = to;
                d.status = "SENDING";
                d.forced = force;
                d.recipients = String.join(",", recipients);
                d.claimedAt = now;
                d.leaseExpiresAt = now.plus(lease);
                d.persistAndFlush();
                return DeliveryView.of(d);
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw new BeingSent("the " + report + " report for " + from + " – " + to
                        + " was claimed by another sender at the same time");
            }
            throw e;
        }
    }

    /** Marks a claimed delivery SENT with what it contained and the Message-ID its mail carried. */
    public DeliveryView sent(UUID id, Long users, BigDecimal total, String messageId) {
        return finish(id, "SENT", users, total, null, messageId);
    }

    /** Marks a claimed delivery FAILED, releasing the window for another attempt. */
    public DeliveryView failed(UUID id, String error) {
        return finish(id, "FAILED", null, null, error == null ? "unknown" : error, null);
    }

    public List<DeliveryView> recent(String report, int limit) {
        return QuarkusTransaction.requiringNew()
                .call(
                        () -> Delivery.<Delivery>find("report", Sort.descending("claimedAt"), report)
                                .page(Page.ofSize(limit))
                                .list()
                                .stream()
                                .map(DeliveryView::of)
                                .toList());
    }

    private DeliveryView finish(UUID id, String status, Long users, BigDecimal total, String error, String messageId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Delivery d = Delivery.findById(id);
            if (d == null) {
                throw new NoSuchDelivery(id);
            }
            if (!"SENDING".equals(d.status)) {
                throw new DeliveryNotSending(id, d.status);
            }
            d.status = status;
            d.finishedAt = databaseNow();
            d.users = users;
            d.total = total;
            d.error = error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error;
            d.messageId = messageId;
            notify(d);
            Log.infof(
                    "%s report %s – %s: %s%s",
                    d.report, d.windowFrom, d.windowTo, status, error == null ? "" : " (" + error + ")");
            return DeliveryView.of(d);
        });
    }

    /**
     * Records what a delivery's new status tells, in its transaction ({@link Streaks}): FAILED, REPORT_FAILED once per
     * streak of the report (reminders after); SENT after failures, RECOVERED.
     */
    private void notify(Delivery d) {
        NotificationView.Delivery delivery = new NotificationView.Delivery(
                d.id, d.report, d.windowFrom, d.windowTo, List.of(d.recipients.split(",")), d.error);
        try (Connection c = dataSource.getConnection()) {
            if ("FAILED".equals(d.status)) {
                streaks.deliveryFailed(c, delivery);
            } else if ("SENT".equals(d.status)) {
                streaks.deliverySent(c, delivery);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the notification of delivery " + d.id, e);
        }
    }

    /** The database's clock: {@code now()}, the start of the current transaction, the same for every replica. */
    private static OffsetDateTime databaseNow() {
        return (OffsetDateTime) Delivery.getEntityManager()
                .createNativeQuery("select now()", OffsetDateTime.class)
                .getSingleResult();
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
