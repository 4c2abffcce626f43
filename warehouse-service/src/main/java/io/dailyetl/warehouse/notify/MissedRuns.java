package io.dailyetl.warehouse.notify;

import io.agroal.api.AgroalDataSource;
import io.dailyetl.contract.notifications.NotificationEvent;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.contract.notifications.NotificationView.DigestLine;
import io.dailyetl.warehouse.config.NotificationSettings;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.notify.Outbox.Content;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sweep every {@code warehouse.notifications.sweep-every}: each source seen in the run history that has had no
 * successful run within its expected interval plus {@code grace} (since its last success, or its first run if none)
 * is reported missed (RUN_MISSED once, reminders while it stays so; the next success records RECOVERED), so that a
 * stopped scheduler or a dead ingest does not go unnoticed; and, when asked for, the day's DIGEST. Safe with several
 * replicas: each source's streak row is locked while it is judged, and each notification has its dedupe key.
 */
@ApplicationScoped
class MissedRuns {

    private final AgroalDataSource dataSource;
    private final Streaks streaks;
    private final Outbox outbox;
    private final Watches watches;
    private final NotificationSettings settings;
    private final ZoneId zone;

    MissedRuns(AgroalDataSource dataSource, Streaks streaks, Outbox outbox, Watches watches, WarehouseConfig config) {
        this.dataSource = dataSource;
        this.streaks = streaks;
        this.outbox = outbox;
        this.watches = watches;
        this.settings = config.notifications();
        this.zone = config.zone();
    }

    @Scheduled(
            every = "${warehouse.notifications.sweep-every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            int recorded = missed();
            if (recorded > 0) {
                Log.infof("missed-runs sweep: %d notification(s) recorded", recorded);
            }
            if (settings.digest().enabled()) {
                digest();
            }
            outbox.refreshPending();
        } catch (RuntimeException e) {
            Log.warnf("missed-runs sweep failed, trying again in %s: %s", settings.sweepEvery(), e.getMessage());
        }
    }

    private record Seen(String source, Instant lastSuccessAt, Instant firstSeenAt, Instant now) {}

    /** Judges every source; answers how many notifications were recorded. */
    int missed() {
        List<Seen> seen = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("""
                            select source, max(finished_at) filter (where status = 'SUCCEEDED'), min(started_at), now()
                            from ingest_run group by source""")) {
                List<Seen> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Seen(rs.getString(1), instant(rs, 2), instant(rs, 3), instant(rs, 4)));
                    }
                }
                return rows;
            }
        });
        int recorded = 0;
        for (Seen s : seen) {
            Optional<Duration> expected = watches.expectedEvery(s.source());
            if (expected.isEmpty() || overdueSince(s, expected.get()).isAfter(s.now())) {
                continue;
            }
            if (QuarkusTransaction.requiringNew().call(() -> judge(s.source(), expected.get()))) {
                recorded++;
            }
        }
        return recorded;
    }

    /** With the source's streak locked: judged again (a success may have come in since), then recorded. */
    private boolean judge(String source, Duration expected) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Streaks.Locked streak = streaks.lock(c, Streaks.sourceSubject(source));
            Seen now;
            try (PreparedStatement ps = c.prepareStatement("""
                    select max(finished_at) filter (where status = 'SUCCEEDED'), min(started_at)
                    from ingest_run where source = ?""")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    now = new Seen(source, instant(rs, 1), instant(rs, 2), streak.now());
                }
            }
            Instant overdue = overdueSince(now, expected);
            if (overdue.isAfter(now.now())) {
                return false;
            }
            NotificationView.Missed missed = new NotificationView.Missed(
                    now.lastSuccessAt(), expected.toString(), settings.grace().toString(), overdue);
            return streaks.missed(c, streak, source, missed);
        }
    }

    private Instant overdueSince(Seen s, Duration expected) {
        Instant base = s.lastSuccessAt() != null ? s.lastSuccessAt() : s.firstSeenAt();
        return base.plus(expected).plus(settings.grace());
    }

    /** The day's DIGEST, once the day's {@code digest.at} has passed in {@code warehouse.zone}. */
    void digest() {
        ZonedDateTime local = ZonedDateTime.now(zone);
        if (local.toLocalTime().isBefore(settings.digest().at())) {
            return;
        }
        LocalDate day = local.toLocalDate();
        String key = "digest:" + day;
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("select 1 from notification where dedupe_key = ?")) {
                    ps.setString(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return;
                        }
                    }
                }
                List<DigestLine> lines = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        select source, count(*), count(*) filter (where status = 'SUCCEEDED'),
                            count(*) filter (where status = 'FAILED'), coalesce(sum(loaded), 0), coalesce(sum(rejected), 0),
                            (array_agg(status order by started_at desc))[1],
                            (array_agg(finished_at order by started_at desc))[1]
                        from ingest_run where started_at >= now() - interval '24 hours'
                        group by source order by source""")) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            lines.add(new DigestLine(
                                    rs.getString(1),
                                    rs.getInt(2),
                                    rs.getInt(3),
                                    rs.getInt(4),
                                    rs.getLong(5),
                                    rs.getLong(6),
                                    rs.getString(7),
                                    instant(rs, 8)));
                        }
                    }
                }
                outbox.record(
                        c, NotificationEvent.DIGEST, "digest", null, key, new Content(null, null, null, null, lines));
            } catch (SQLException e) {
                throw new IllegalStateException("could not record the digest of " + day, e);
            }
        });
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
