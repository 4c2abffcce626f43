package io.dailyetl.warehouse.analytics;

import io.agroal.api.AgroalDataSource;
import io.dailyetl.warehouse.config.WarehouseConfig;
import io.dailyetl.warehouse.failure.InvalidInput;
import io.dailyetl.warehouse.merge.DaySpendTotals;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-user spend over {@code [from, to)} (days in {@code warehouse.zone}, or the zone asked for) for one status,
 * summed across sources or of one source:
 * from the per-user day totals every commit keeps ({@link DaySpendTotals}) when their days are the window's, else
 * straight from {@code daily_snapshot}; exact sums rounded to 2 decimals, ordered by total desc then user id (byte order).
 * The answer is a cursor so a million users stream out without being held in memory.
 */
@ApplicationScoped
public class UserSpendQuery {

    private static final int FETCH_SIZE = 5000;

    /**
     * Parameters: first day, day after the last (dates in the totals' zone), status, and the source if the format
     * argument is {@link #ONE_SOURCE} (empty: every source).
     */
    static final String FROM_DAY_TOTALS = """
            select user_id, total, transactions,
                   count(*) over () as users, sum(total) over () as grand_total
            from (select user_id, sum(total) as total, sum(transactions) as transactions
                  from user_day_spend
                  where day >= ? and day < ? and status = ?%s
                  group by user_id
                  having sum(transactions) > 0) per_user
            order by total desc, user_id collate "C"
            """;

    /** Parameters: the window's first and end instants, status, and the source as in {@link #FROM_DAY_TOTALS}. */
    static final String FROM_SNAPSHOT = """
            select user_id, total, transactions,
                   count(*) over () as users, sum(total) over () as grand_total
            from (select user_id, sum(amount) as total, count(*) as transactions
                  from daily_snapshot
                  where created_at >= ? and created_at < ? and status = ?%s
                  group by user_id) per_user
            order by total desc, user_id collate "C"
            """;

    /** The condition a question about one source adds. */
    static final String ONE_SOURCE = " and source = ?";

    private final AgroalDataSource dataSource;
    private final WarehouseConfig config;

    UserSpendQuery(AgroalDataSource dataSource, WarehouseConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** The zone whose midnights bound the days when the caller names none. */
    public ZoneId defaultZone() {
        return config.zone();
    }

    /**
     * Runs the query over every source ({@code source} null) or one, which must have had a load here (else
     * {@link InvalidInput} naming {@code source}: a misspelt name would otherwise read as a source nobody spent on);
     * the caller reads the rows and closes the result.
     */
    public Result run(LocalDate from, LocalDate to, String status, ZoneId zone, String source) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false); // a cursor (fetch size) needs a transaction
            c.setReadOnly(true);
            try (Statement st = c.createStatement()) {
                // with PostgreSQL's default work_mem the per-user hash aggregate of a large week spills to disk
                st.execute(
                        "set local work_mem = '" + config.analytics().workMem().replace("'", "") + "'");
            }
            if (source != null) {
                requireKnown(c, source);
            }
            String oneSource = source == null ? "" : ONE_SOURCE;
            PreparedStatement ps;
            if (fromDayTotals(c, zone)) {
                ps = c.prepareStatement(FROM_DAY_TOTALS.formatted(oneSource));
                ps.setObject(1, from);
                ps.setObject(2, to);
            } else {
                ps = c.prepareStatement(FROM_SNAPSHOT.formatted(oneSource));
                ps.setTimestamp(1, Timestamp.from(from.atStartOfDay(zone).toInstant()));
                ps.setTimestamp(2, Timestamp.from(to.atStartOfDay(zone).toInstant()));
            }
            ps.setFetchSize(FETCH_SIZE);
            ps.setString(3, status);
            if (source != null) {
                ps.setString(4, source);
            }
            ResultSet rs = ps.executeQuery();
            boolean any = rs.next();
            long users = any ? rs.getLong(4) : 0;
            BigDecimal total = any ? money(rs.getBigDecimal(5)) : money(BigDecimal.ZERO);
            return new Result(c, rs, any, users, total);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Refuses a source no load has come from, naming the ones that have. */
    private static void requireKnown(Connection c, String source) throws SQLException {
        List<String> known = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select distinct source from load_ledger order by 1")) {
            while (rs.next()) {
                known.add(rs.getString(1));
            }
        }
        if (!known.contains(source)) {
            throw InvalidInput.of(
                    "source",
                    "no load of source \"" + source + "\" is on record"
                            + (known.isEmpty() ? "" : " (sources: " + String.join(", ", known) + ")"));
        }
    }

    /**
     * Whether the window can be summed from the per-user day totals: they may be kept here (on, or on from a size),
     * are kept, and their days are dates in the window's zone.
     */
    private boolean fromDayTotals(Connection c, ZoneId zone) throws SQLException {
        if (!config.analytics().preAggregated() && !DaySpendTotals.onFromSize(config.analytics())) {
            return false;
        }
        Optional<String> name = DaySpendTotals.postgresName(zone);
        return name.isPresent() && name.get().equals(DaySpendTotals.zone(c));
    }

    static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** Per-user rows with their summary known up front, one row at a time. */
    public interface Rows {
        long users();

        BigDecimal total();

        /** The next row, or null at the end. */
        Row next() throws SQLException;
    }

    /** An open answer: the summary is known up front, rows come one at a time. */
    public static final class Result implements Rows, AutoCloseable {
        private final Connection connection;
        private final ResultSet rows;
        private boolean onRow;
        private final long users;
        private final BigDecimal total;

        Result(Connection connection, ResultSet rows, boolean onRow, long users, BigDecimal total) {
            this.connection = connection;
            this.rows = rows;
            this.onRow = onRow;
            this.users = users;
            this.total = total;
        }

        @Override
        public long users() {
            return users;
        }

        @Override
        public BigDecimal total() {
            return total;
        }

        @Override
        public Row next() throws SQLException {
            if (!onRow) {
                return null;
            }
            Row row = new Row(rows.getString(1), money(rows.getBigDecimal(2)), rows.getLong(3));
            onRow = rows.next();
            return row;
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.rollback();
            } finally {
                connection.close();
            }
        }
    }

    /** One user's spend in the window. */
    public record Row(String userId, BigDecimal totalSpent, long transactions) {}
}
