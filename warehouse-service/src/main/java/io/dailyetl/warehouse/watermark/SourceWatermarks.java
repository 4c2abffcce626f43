package io.dailyetl.warehouse.watermark;

import io.agroal.api.AgroalDataSource;
import io.dailyetl.contract.FieldLimits;
import io.dailyetl.contract.Iso8601;
import io.dailyetl.warehouse.failure.InvalidInput;
import io.dailyetl.warehouse.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Each source's watermark ({@code source_watermark}, V6): the highest change time among the records of its
 * committed loads. A commit moves it with {@link #advance} on the commit's own connection, inside the commit's
 * transaction and after its merge, so the rows and the watermark that describes them are committed, or rolled back,
 * together. It never moves backwards: a watermark not later than the stored one leaves it where it is. Every move
 * leaves a row in {@code source_watermark_history}.
 */
@ApplicationScoped
public class SourceWatermarks {

    private static final Instant EARLIEST = Instant.EPOCH;

    private final AgroalDataSource dataSource;

    SourceWatermarks(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What a commit did to its source's watermark: where it stands after the commit (null: none), and whether it moved. */
    public record Advance(Instant watermark, boolean moved) {}

    /** A source's watermark, the load that moved it there and when, and its newest moves (newest first). */
    public record WatermarkView(
            String source, String watermark, UUID loadId, String movedAt, List<WatermarkMove> history) {}

    /** One move of a source's watermark: to what, from what (null for the first), by which load, when. */
    public record WatermarkMove(String watermark, String previous, UUID loadId, String movedAt) {}

    /**
     * The instant a commit's {@code watermark} names (null for null), at PostgreSQL's precision (microseconds,
     * truncated, so the stored watermark is never later than the record it came from); {@link InvalidInput} naming
     * {@code watermark} unless it is an ISO-8601 date-time with {@code Z} or an offset, not before 1970.
     */
    public static Instant parse(String watermark) {
        if (watermark == null) {
            return null;
        }
        String wire = Iso8601.toWire(watermark);
        if (wire == null) {
            throw InvalidInput.of(
                    "watermark", "must be an ISO-8601 instant with Z or an offset, e.g. " + "2026-11-19T10:00:00Z");
        }
        Instant instant = OffsetDateTime.parse(wire, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .toInstant();
        if (instant.isBefore(EARLIEST)) {
            throw InvalidInput.of("watermark", "must not be before 1970-01-01T00:00:00Z");
        }
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Refuses, with {@link InvalidInput} naming {@code watermark}, a watermark more than a day later than the
     * database's clock: no record changed in the future, so it would stop every later run from moving it.
     */
    public static void requirePlausible(Connection c, Instant watermark) throws SQLException {
        if (watermark != null
                && Sql.count(c, "select count(*) where ? > now() + interval '1 day'", utc(watermark)) > 0) {
            throw InvalidInput.of("watermark", "more than a day later than the warehouse's clock");
        }
    }

    /**
     * Moves {@code source}'s watermark to {@code watermark} if that is later than the stored one (or none is stored),
     * on the commit's connection {@code c}, inside its transaction; records the move in the history. Locks the
     * source's row until the transaction ends. A null {@code watermark} changes nothing.
     */
    public static Advance advance(Connection c, String source, UUID loadId, Instant watermark) throws SQLException {
        Instant stored = lockedWatermark(c, source);
        if (watermark == null || (stored != null && !watermark.isAfter(stored))) {
            return new Advance(stored, false);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                with moved as (
                    insert into source_watermark as w (source, watermark, load_id, moved_at)
                    values (?, ?, ?, clock_timestamp())
                    on conflict (source) do update
                        set watermark = excluded.watermark, load_id = excluded.load_id, moved_at = excluded.moved_at
                        where w.watermark < excluded.watermark
                    returning source, watermark, load_id, moved_at
                )
                insert into source_watermark_history (source, watermark, previous, load_id, moved_at)
                select source, watermark, ?::timestamptz, load_id, moved_at from moved""")) {
            ps.setString(1, source);
            ps.setObject(2, utc(watermark));
            ps.setObject(3, loadId);
            ps.setObject(4, stored == null ? null : utc(stored));
            if (ps.executeUpdate() == 1) {
                return new Advance(watermark, true);
            }
        }
        // a concurrent first commit of the source stored a later one (one OPEN load per source makes this rare)
        return new Advance(lockedWatermark(c, source), false);
    }

    /** The source's watermark with its newest {@code limit} moves, or empty if it has none. */
    public Optional<WatermarkView> find(String source, int limit) throws SQLException {
        if (source == null || !FieldLimits.SOURCE.matcher(source).matches()) {
            return Optional.empty();
        }
        // one statement, so the watermark and its history come from one snapshot even while a commit moves it
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                select w.watermark, w.load_id, w.moved_at, h.watermark, h.previous, h.load_id, h.moved_at
                from source_watermark w
                left join lateral (
                    select watermark, previous, load_id, moved_at, id from source_watermark_history
                    where source = w.source order by id desc limit ?
                ) h on true
                where w.source = ?
                order by h.id desc""")) {
            ps.setInt(1, limit);
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String watermark = text(rs, 1);
                UUID loadId = rs.getObject(2, UUID.class);
                String movedAt = text(rs, 3);
                List<WatermarkMove> history = new ArrayList<>();
                do {
                    if (rs.getObject(6) != null) {
                        history.add(
                                new WatermarkMove(text(rs, 4), text(rs, 5), rs.getObject(6, UUID.class), text(rs, 7)));
                    }
                } while (rs.next());
                return Optional.of(new WatermarkView(source, watermark, loadId, movedAt, List.copyOf(history)));
            }
        }
    }

    /** Every source's watermark, as the database holds it now. */
    public Map<String, Instant> all() throws SQLException {
        Map<String, Instant> all = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select source, watermark from source_watermark");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
            }
        }
        return all;
    }

    /** An instant in the wire form, as every answer writes it. */
    public static String format(Instant instant) {
        return instant == null ? null : Iso8601.format(instant);
    }

    private static Instant lockedWatermark(Connection c, String source) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("select watermark from source_watermark where source = ? for update")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : null;
            }
        }
    }

    private static String text(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : Iso8601.format(time.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
