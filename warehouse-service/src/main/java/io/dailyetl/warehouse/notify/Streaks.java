package io.dailyetl.warehouse.notify;

import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.notifications.NotificationEvent;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.contract.runs.RunReport;
import io.dailyetl.warehouse.config.NotificationSettings;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.notify.Outbox.Content;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What is notified when, per subject ({@code source:<name>}, {@code report:<name>}): the first failure of a streak
 * (RUN_FAILED, REPORT_FAILED; or RUN_MISSED by {@link MissedRuns}), a reminder (STILL_FAILING) at most every
 * {@code remind-every} while it stays broken, one RECOVERED on the next success; and for a run, RUN_WARNED when its
 * checks warned and RUN_SUCCEEDED when every success is asked for. Every method runs on the caller's connection, in
 * the transaction of the outcome, with the subject's {@code notification_streak} row locked ({@link #lock}), so that
 * replicas recording outcomes of one subject take turns and each event is recorded once.
 */
@ApplicationScoped
public class Streaks {

    static final String OK = "OK";
    static final String FAILING = "FAILING";
    static final String MISSED = "MISSED";

    private final Outbox outbox;
    private final NotificationSettings settings;

    Streaks(Outbox outbox, WarehouseConfig config) {
        this.outbox = outbox;
        this.settings = config.notifications();
    }

    /** The subject of a source's runs. */
    public static String sourceSubject(String source) {
        return "source:" + source;
    }

    /** The subject of a report's deliveries. */
    public static String reportSubject(String report) {
        return "report:" + report;
    }

    /**
     * A subject's streak as locked by this transaction; {@code now} is the database's (the transaction's start), the
     * clock every replica shares.
     */
    public record Locked(
            String subject,
            String state,
            Instant since,
            int failures,
            Instant lastNotifiedAt,
            Instant lastSuccessAt,
            Instant now) {}

    /** Locks the streak row of {@code subject} ({@code FOR UPDATE}), creating it (OK) on its first outcome. */
    public Locked lock(Connection c, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into notification_streak (subject) values (?) on conflict (subject) do nothing")) {
            ps.setString(1, subject);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("select state, since, failures, last_notified_at, "
                + "last_success_at, now() from notification_streak where subject = ? for update")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Locked(
                        subject,
                        rs.getString(1),
                        instant(rs.getObject(2, OffsetDateTime.class)),
                        rs.getInt(3),
                        instant(rs.getObject(4, OffsetDateTime.class)),
                        instant(rs.getObject(5, OffsetDateTime.class)),
                        instant(rs.getObject(6, OffsetDateTime.class)));
            }
        }
    }

    /**
     * A run of the locked source just ended FAILED (a real transition: a replayed report is no outcome): RUN_FAILED
     * if the source was not failing, else a STILL_FAILING reminder if {@code remind-every} passed since the last
     * notice.
     */
    public void runFailed(Connection c, Locked s, RunReport run) throws SQLException {
        failed(
                c,
                s,
                NotificationEvent.RUN_FAILED,
                run.source(),
                "run:" + run.run().runId(),
                streak -> Content.ofRun(run, streak));
    }

    /**
     * A run of the locked source just ended SUCCEEDED: RECOVERED if the source was failing or missing its runs (with
     * the streak that ended), RUN_WARNED if its load's checks warned, RUN_SUCCEEDED if every success is notified.
     */
    public void runSucceeded(Connection c, Locked s, RunReport run) throws SQLException {
        String key = "run:" + run.run().runId();
        recovered(c, s, run.source(), key, streak -> Content.ofRun(run, streak));
        String subject = s.subject();
        if (run.run().checks().stream().anyMatch(r -> CheckResult.WARN.equals(r.outcome()))) {
            outbox.record(
                    c,
                    NotificationEvent.RUN_WARNED,
                    subject,
                    run.source(),
                    key + ":" + NotificationEvent.RUN_WARNED,
                    Content.ofRun(run, null));
        }
        if (settings.success()) {
            outbox.record(
                    c,
                    NotificationEvent.RUN_SUCCEEDED,
                    subject,
                    run.source(),
                    key + ":" + NotificationEvent.RUN_SUCCEEDED,
                    Content.ofRun(run, null));
        }
    }

    /** A delivery of a report just became FAILED: REPORT_FAILED once per streak of the report, reminders after. */
    public void deliveryFailed(Connection c, NotificationView.Delivery delivery) throws SQLException {
        Locked s = lock(c, reportSubject(delivery.report()));
        failed(
                c,
                s,
                NotificationEvent.REPORT_FAILED,
                null,
                "delivery:" + delivery.deliveryId(),
                streak -> new Content(null, streak, null, delivery, null));
    }

    /** A delivery of a report was SENT: RECOVERED if the report's deliveries were failing. */
    public void deliverySent(Connection c, NotificationView.Delivery delivery) throws SQLException {
        Locked s = lock(c, reportSubject(delivery.report()));
        recovered(
                c,
                s,
                null,
                "delivery:" + delivery.deliveryId(),
                streak -> new Content(null, streak, null, delivery, null));
    }

    /**
     * The locked source is overdue (no success within its interval plus grace, {@code missed}): RUN_MISSED if it was
     * OK, else a STILL_FAILING reminder if {@code remind-every} passed since the last notice. Answers whether a
     * notification was recorded.
     */
    boolean missed(Connection c, Locked s, String source, NotificationView.Missed missed) throws SQLException {
        if (OK.equals(s.state())) {
            boolean recorded = outbox.record(
                    c,
                    NotificationEvent.RUN_MISSED,
                    s.subject(),
                    source,
                    "missed:" + source + ":" + missed.overdueSince(),
                    new Content(
                            null, new NotificationView.Streak(0, s.now(), missed.lastSuccessAt()), missed, null, null));
            update(c, s.subject(), MISSED, s.now(), 0, s.now(), s.lastSuccessAt());
            return recorded;
        }
        if (reminderDue(s)) {
            boolean recorded = outbox.record(
                    c,
                    NotificationEvent.STILL_FAILING,
                    s.subject(),
                    source,
                    remindKey(s),
                    new Content(
                            null,
                            new NotificationView.Streak(s.failures(), s.since(), s.lastSuccessAt()),
                            missed,
                            null,
                            null));
            update(c, s.subject(), s.state(), s.since(), s.failures(), s.now(), s.lastSuccessAt());
            return recorded;
        }
        return false;
    }

    private interface ContentOf {
        Content with(NotificationView.Streak streak);
    }

    private void failed(
            Connection c, Locked s, NotificationEvent first, String source, String outcomeKey, ContentOf content)
            throws SQLException {
        if (!FAILING.equals(s.state())) {
            NotificationView.Streak streak = new NotificationView.Streak(1, s.now(), s.lastSuccessAt());
            outbox.record(c, first, s.subject(), source, outcomeKey + ":" + first, content.with(streak));
            update(c, s.subject(), FAILING, s.now(), 1, s.now(), s.lastSuccessAt());
            return;
        }
        int failures = s.failures() + 1;
        Instant notified = s.lastNotifiedAt();
        if (reminderDue(s)) {
            NotificationView.Streak streak = new NotificationView.Streak(failures, s.since(), s.lastSuccessAt());
            outbox.record(
                    c,
                    NotificationEvent.STILL_FAILING,
                    s.subject(),
                    source,
                    outcomeKey + ":" + NotificationEvent.STILL_FAILING,
                    content.with(streak));
            notified = s.now();
        }
        update(c, s.subject(), FAILING, s.since(), failures, notified, s.lastSuccessAt());
    }

    private void recovered(Connection c, Locked s, String source, String outcomeKey, ContentOf content)
            throws SQLException {
        if (!OK.equals(s.state())) {
            NotificationView.Streak ended = new NotificationView.Streak(s.failures(), s.since(), s.lastSuccessAt());
            outbox.record(
                    c,
                    NotificationEvent.RECOVERED,
                    s.subject(),
                    source,
                    outcomeKey + ":" + NotificationEvent.RECOVERED,
                    content.with(ended));
        }
        update(c, s.subject(), OK, null, 0, OK.equals(s.state()) ? s.lastNotifiedAt() : s.now(), s.now());
    }

    private boolean reminderDue(Locked s) {
        Duration every = settings.remindEvery();
        return s.lastNotifiedAt() == null || !s.lastNotifiedAt().plus(every).isAfter(s.now());
    }

    /** One reminder per notice before it: replicas that raced past the lock would agree on it. */
    private static String remindKey(Locked s) {
        return "remind:" + s.subject() + ":" + s.lastNotifiedAt();
    }

    private static void update(
            Connection c,
            String subject,
            String state,
            Instant since,
            int failures,
            Instant lastNotifiedAt,
            Instant lastSuccessAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update notification_streak set state = ?, since = ?, "
                + "failures = ?, last_notified_at = ?, last_success_at = ? where subject = ?")) {
            ps.setString(1, state);
            ps.setObject(2, utc(since));
            ps.setInt(3, failures);
            ps.setObject(4, utc(lastNotifiedAt));
            ps.setObject(5, utc(lastSuccessAt));
            ps.setString(6, subject);
            ps.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
