package io.dailyetl.warehouse.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.agroal.api.AgroalDataSource;
import io.dailyetl.contract.notifications.NotificationEvent;
import io.dailyetl.contract.notifications.NotificationResult.ChannelResult;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.contract.notifications.NotificationView.DigestLine;
import io.dailyetl.contract.runs.RunReport;
import io.dailyetl.warehouse.config.NotificationSettings;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.failure.InvalidInput;
import io.dailyetl.warehouse.jdbc.Sql;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The notification outbox (table {@code notification}, docs/notifications.md): notifications are recorded in the
 * transaction of the outcome that causes them ({@link #record}, once per dedupe key), then claimed by a sender for
 * a lease ({@link #claim}: oldest first, {@code FOR UPDATE SKIP LOCKED}, so two senders never get the same one), and
 * answered for ({@link #result}): SENT when every channel accepted it, otherwise PENDING again with backoff, or
 * GAVE_UP after {@code warehouse.notifications.retry.max-attempts}. Every time here is the database's {@code now()}.
 */
@ApplicationScoped
public class Outbox {

    /** A sender's name: a short token (host name, pod name, a start-up id). */
    private static final Pattern SENDER = Pattern.compile("[A-Za-z0-9._:@/-]{1,128}");

    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_ERROR = 2000;
    private static final int MAX_CHANNELS = 20;

    private static final String COLUMNS = "id, event, subject, source, created_at, status, attempts, next_attempt_at, "
            + "claimed_by, lease_expires_at, sent_channels, last_error, sent_at, content::text";

    private final AgroalDataSource dataSource;
    private final NotificationSettings settings;
    private final NotificationMetrics metrics;
    private final TransactionSynchronizationRegistry transactions;
    private final ObjectMapper json;
    private final ObjectReader contentReader;

    Outbox(
            AgroalDataSource dataSource,
            WarehouseConfig config,
            NotificationMetrics metrics,
            TransactionSynchronizationRegistry transactions,
            ObjectMapper json) {
        this.dataSource = dataSource;
        this.settings = config.notifications();
        this.metrics = metrics;
        this.transactions = transactions;
        this.json = json;
        this.contentReader = json.readerFor(Content.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * What a notification tells, as it was when recorded (the content members of {@link NotificationView}); a member
     * is null where it does not apply to the event.
     */
    public record Content(
            RunReport run,
            NotificationView.Streak streak,
            NotificationView.Missed missed,
            NotificationView.Delivery delivery,
            List<DigestLine> digest) {

        static Content ofRun(RunReport run, NotificationView.Streak streak) {
            return new Content(run, streak, null, null, null);
        }
    }

    /**
     * Records a notification on {@code c}, in the caller's transaction, unless one with {@code dedupeKey} is recorded
     * already (a replayed outcome, or another replica that recorded it first); answers whether it was recorded. It is
     * counted as {@code recorded} once the transaction commits.
     */
    boolean record(
            Connection c, NotificationEvent event, String subject, String source, String dedupeKey, Content content)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("insert into notification (id, event, subject, source, dedupe_key, content) "
                        + "values (?, ?, ?, ?, ?, ?::jsonb) on conflict (dedupe_key) do nothing")) {
            UUID id = UUID.randomUUID();
            ps.setObject(1, id);
            ps.setString(2, event.name());
            ps.setString(3, subject);
            ps.setString(4, source);
            ps.setString(5, dedupeKey);
            ps.setString(6, write(content));
            boolean recorded = ps.executeUpdate() == 1;
            if (recorded) {
                afterCommit(() -> {
                    metrics.count(event, NotificationMetrics.RECORDED);
                    Log.infof("notification %s recorded: %s of %s", id, event, subject);
                });
            }
            return recorded;
        }
    }

    /**
     * Claims for {@code sender} up to {@code limit} (1–100, null: 20) notifications due: PENDING ones whose next
     * attempt is due, and SENDING ones whose claim lapsed (counted as a failed attempt of the sender that held it;
     * GAVE_UP if it was the last). Answers them SENDING, leased to {@code sender} for
     * {@code warehouse.notifications.lease}, oldest first.
     */
    public List<NotificationView> claim(String sender, Integer limit) {
        checkSender(sender);
        int n = limit == null ? 20 : limit;
        if (n < 1 || n > 100) {
            throw InvalidInput.of("limit", "between 1 and 100 (default 20)");
        }
        List<NotificationView> claimed = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                giveUpLapsed(c);
                try (PreparedStatement ps = c.prepareStatement("""
                        with due as (
                            select id from notification
                            where (status = 'PENDING' and next_attempt_at <= now())
                               or (status = 'SENDING' and lease_expires_at < now())
                            order by created_at, id
                            limit ?
                            for update skip locked
                        )
                        update notification n set status = 'SENDING', claimed_by = ?,
                            lease_expires_at = now() + make_interval(secs => ?),
                            attempts = n.attempts + case when n.status = 'SENDING' then 1 else 0 end,
                            last_error = case when n.status = 'SENDING'
                                then 'the claim of ' || n.claimed_by || ' lapsed without a result'
                                else n.last_error end
                        from due where n.id = due.id
                        returning\s""" + prefixed("n."))) {
                    ps.setInt(1, n);
                    ps.setString(2, sender);
                    ps.setDouble(3, settings.lease().toMillis() / 1000.0);
                    return readAll(ps);
                }
            }
        });
        claimed.sort(Comparator.comparing(NotificationView::createdAt).thenComparing(NotificationView::id));
        if (!claimed.isEmpty()) {
            Log.infof("%d notification(s) claimed by %s", claimed.size(), sender);
        }
        refreshPending();
        return claimed;
    }

    /**
     * Records what {@code sender} did with each of its channels for notification {@code id}: SENT when every channel
     * it reported was sent (now or in an earlier attempt), otherwise a failed attempt: PENDING again after a backoff
     * ({@code retry.first}, doubling, at most {@code retry.max-delay}) or GAVE_UP after {@code retry.max-attempts}.
     * A sender that reports no channel at all sent nothing: a failed attempt ("no channel configured at …"). A result
     * repeated by the sender that gave it (its answer was lost) is answered as stored, unchanged.
     * {@link NotificationClaimed} if another sender's claim on it is alive, or it is not claimed by {@code sender}.
     */
    public NotificationView result(UUID id, String sender, List<ChannelResult> channels) {
        checkSender(sender);
        checkChannels(channels);
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                NotificationView now = lock(c, id);
                boolean byThisSender = sender.equals(now.claimedBy());
                if (!NotificationView.SENDING.equals(now.status())) {
                    if (byThisSender) {
                        return new Outcome(now, null); // a repeated result: answered as stored
                    }
                    throw new NotificationClaimed("notification " + id + " is " + now.status() + ", not claimed by "
                            + sender + (now.claimedBy() == null ? "" : " (last claimed by " + now.claimedBy() + ")"));
                }
                if (!byThisSender && leaseAlive(c, id)) {
                    throw new NotificationClaimed("notification " + id + " is claimed by " + now.claimedBy() + " until "
                            + now.leaseExpiresAt());
                }
                return apply(c, now, sender, channels);
            }
        });
        if (outcome.counted() != null) {
            metrics.count(outcome.view().event(), outcome.counted());
        }
        refreshPending();
        return outcome.view();
    }

    /** The notification {@code id}; {@link NoSuchNotification} if there is none. */
    public NotificationView find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("select " + COLUMNS + " from notification where id = ?")) {
                ps.setObject(1, id);
                List<NotificationView> found = readAll(ps);
                if (found.isEmpty()) {
                    throw new NoSuchNotification(id);
                }
                return found.get(0);
            }
        });
    }

    /** The latest notifications, newest first, optionally only those of a {@code status} or {@code subject}. */
    public List<NotificationView> recent(String status, String subject, int limit) {
        if (status != null
                && !List.of(
                                NotificationView.PENDING,
                                NotificationView.SENDING,
                                NotificationView.SENT,
                                NotificationView.GAVE_UP)
                        .contains(status)) {
            throw InvalidInput.of("status", "one of PENDING, SENDING, SENT, GAVE_UP");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from notification "
                            + "where (?::text is null or status = ?::text) and (?::text is null or subject = ?::text) "
                            + "order by created_at desc, id limit ?")) {
                ps.setString(1, status);
                ps.setString(2, status);
                ps.setString(3, subject);
                ps.setString(4, subject);
                ps.setInt(5, limit);
                return readAll(ps);
            }
        });
    }

    /** Counts the notifications still to be sent into {@code warehouse_notifications_pending}. */
    void refreshPending() {
        long count = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return Sql.count(c, "select count(*) from notification where status in ('PENDING', 'SENDING')");
            }
        });
        metrics.pending(count);
    }

    /** Runs {@code action} once the current transaction committed (not at all if it rolls back). */
    void afterCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    private record Outcome(NotificationView view, String counted) {}

    private Outcome apply(Connection c, NotificationView now, String sender, List<ChannelResult> channels)
            throws SQLException {
        Set<String> sent = new LinkedHashSet<>(now.sentChannels());
        channels.stream().filter(ChannelResult::sent).forEach(ch -> sent.add(ch.channel()));
        List<ChannelResult> failed = channels.stream()
                .filter(ch -> !ch.sent() && !sent.contains(ch.channel()))
                .toList();
        int attempts = now.attempts() + 1;
        String status;
        String error = now.lastError();
        Duration wait = Duration.ZERO;
        if (!channels.isEmpty() && failed.isEmpty()) {
            status = NotificationView.SENT;
        } else {
            error = channels.isEmpty()
                    ? "no channel configured at " + sender
                    : failed.stream()
                            .map(ch -> ch.channel() + ": " + (ch.error() == null ? "not sent" : ch.error()))
                            .collect(Collectors.joining("; "));
            if (error.length() > MAX_ERROR) {
                error = error.substring(0, MAX_ERROR);
            }
            status = attempts >= settings.retry().maxAttempts() ? NotificationView.GAVE_UP : NotificationView.PENDING;
            wait = backoff(attempts);
        }
        try (PreparedStatement ps = c.prepareStatement("update notification set status = ?, attempts = ?, "
                + "sent_channels = ?, last_error = ?, claimed_by = ?, lease_expires_at = null, "
                + "next_attempt_at = now() + make_interval(secs => ?), "
                + "sent_at = case when ? = 'SENT' then now() else sent_at end where id = ?")) {
            ps.setString(1, status);
            ps.setInt(2, attempts);
            Array array = c.createArrayOf("text", sent.toArray());
            ps.setArray(3, array);
            ps.setString(4, error);
            ps.setString(5, sender);
            ps.setDouble(6, wait.toMillis() / 1000.0);
            ps.setString(7, status);
            ps.setObject(8, now.id());
            ps.executeUpdate();
        }
        NotificationView after = lock(c, now.id());
        switch (status) {
            case NotificationView.SENT ->
                Log.infof(
                        "notification %s (%s of %s) SENT by %s via %s after %d attempt(s)",
                        now.id(), now.event(), now.subject(), sender, sent, attempts);
            case NotificationView.GAVE_UP ->
                Log.warnf(
                        "notification %s (%s of %s) GAVE_UP after %d attempts: %s",
                        now.id(), now.event(), now.subject(), attempts, error);
            default ->
                Log.infof(
                        "notification %s (%s of %s): attempt %d failed (%s); next at %s",
                        now.id(), now.event(), now.subject(), attempts, error, after.nextAttemptAt());
        }
        String counted = switch (status) {
            case NotificationView.SENT -> NotificationMetrics.SENT;
            case NotificationView.GAVE_UP -> NotificationMetrics.GAVE_UP;
            default -> null;
        };
        return new Outcome(after, counted);
    }

    /** The wait after failed attempt {@code attempts} (from 1): {@code retry.first} doubled each time, capped. */
    Duration backoff(int attempts) {
        Duration max = settings.retry().maxDelay();
        Duration wait = settings.retry().first();
        for (int i = 1; i < attempts && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** SENDING notifications whose claim lapsed on their last attempt: GAVE_UP, counted. */
    private void giveUpLapsed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update notification set status = 'GAVE_UP', attempts = attempts + 1, lease_expires_at = null,
                    last_error = 'the claim of ' || claimed_by || ' lapsed without a result, on the last attempt'
                where status = 'SENDING' and lease_expires_at < now() and attempts + 1 >= ?
                returning id, event""")) {
            ps.setInt(1, settings.retry().maxAttempts());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    NotificationEvent event = NotificationEvent.valueOf(rs.getString(2));
                    UUID id = rs.getObject(1, UUID.class);
                    afterCommit(() -> {
                        metrics.count(event, NotificationMetrics.GAVE_UP);
                        Log.warnf("notification %s (%s) GAVE_UP: its last claim lapsed without a result", id, event);
                    });
                }
            }
        }
    }

    private NotificationView lock(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("select " + COLUMNS + " from notification where id = ? for update")) {
            ps.setObject(1, id);
            List<NotificationView> found = readAll(ps);
            if (found.isEmpty()) {
                throw new NoSuchNotification(id);
            }
            return found.get(0);
        }
    }

    private static boolean leaseAlive(Connection c, UUID id) throws SQLException {
        return Sql.count(c, "select count(*) from notification where id = ? and lease_expires_at >= now()", id) > 0;
    }

    private static String prefixed(String alias) {
        return Arrays.stream(COLUMNS.split(", ")).map(col -> alias + col).collect(Collectors.joining(", "));
    }

    private List<NotificationView> readAll(PreparedStatement ps) throws SQLException {
        List<NotificationView> views = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                views.add(read(rs));
            }
        }
        return views;
    }

    private NotificationView read(ResultSet rs) throws SQLException {
        Array sentChannels = rs.getArray(11);
        Content content = content(rs.getString(14));
        return new NotificationView(
                rs.getObject(1, UUID.class),
                NotificationEvent.valueOf(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                instant(rs.getObject(5, OffsetDateTime.class)),
                rs.getString(6),
                rs.getInt(7),
                instant(rs.getObject(8, OffsetDateTime.class)),
                rs.getString(9),
                instant(rs.getObject(10, OffsetDateTime.class)),
                sentChannels == null ? List.of() : List.of((String[]) sentChannels.getArray()),
                rs.getString(12),
                instant(rs.getObject(13, OffsetDateTime.class)),
                content.run(),
                content.streak(),
                content.missed(),
                content.delivery(),
                content.digest());
    }

    private Content content(String stored) {
        try {
            return stored == null ? new Content(null, null, null, null, null) : contentReader.readValue(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Content content) {
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkSender(String sender) {
        if (sender == null || !SENDER.matcher(sender).matches()) {
            throw InvalidInput.of(
                    "sender", "required: 1-128 letters, digits or . _ : @ / - (the sender's name, e.g. its host)");
        }
    }

    private static void checkChannels(List<ChannelResult> channels) {
        if (channels == null) {
            throw InvalidInput.of("channels", "required: [{\"channel\",\"sent\",\"error\"}, …] (may be empty)");
        }
        if (channels.size() > MAX_CHANNELS) {
            throw InvalidInput.of("channels", "at most " + MAX_CHANNELS);
        }
        for (int i = 0; i < channels.size(); i++) {
            ChannelResult ch = channels.get(i);
            if (ch == null
                    || ch.channel() == null
                    || !CHANNEL.matcher(ch.channel()).matches()) {
                throw InvalidInput.of("channels[" + i + "].channel", "required: 1-64 letters, digits, '.', '_' or '-'");
            }
            if (ch.error() != null && ch.error().indexOf('\0') >= 0) {
                throw InvalidInput.of("channels[" + i + "].error", "no NUL");
            }
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
