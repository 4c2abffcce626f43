package io.dailyetl.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.dailyetl.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V17 keys the snapshot by (source, id) on a warehouse that already holds data: every row keeps the source of the
 * load that wrote it, the per-user day totals still sum to the snapshot, and afterwards the same id can come from two
 * sources. Each test migrates a scratch database to V16, fills it as the warehouse of that version would have, and
 * migrates it to the latest version.
 */
class SourceKeyMigrationTest {

    private final String database =
            "source_key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private String url;

    @BeforeEach
    void aScratchDatabase() throws SQLException {
        assumeThat(TestDatabase.shared().login().twoRoles())
                .as("the embedded database, where tests may create databases")
                .isTrue();
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            st.execute("create database " + database);
        }
        url = TestDatabase.shared().jdbcUrl().replaceFirst("/[^/]*$", "/" + database);
    }

    @AfterEach
    void dropIt() throws SQLException {
        if (url != null) {
            try (Connection c = TestDatabase.shared().connect();
                    Statement st = c.createStatement()) {
                st.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    @Test
    void aSnapshotOfOneSourceKeepsItsRowsUnderThatSourceWithoutRewritingThem() throws SQLException {
        // given a V16 warehouse whose loads all came from "payments", with kept day totals
        migrate("16");
        UUID first = load("payments");
        UUID second = load("payments");
        row("p-1", "u1", "10.00", first);
        row("p-2", "u1", "2.50", second);
        row("p-3", "u2", "7.25", second);
        keepDayTotals();
        long heap = heapFile();

        // when it is migrated to the latest version
        migrate(null);

        // then every row is under "payments", the heap was not rewritten (the column came from the catalog), and the
        // key is (source, id)
        assertThat(query("select source || ':' || id from daily_snapshot order by id"))
                .containsExactly("payments:p-1", "payments:p-2", "payments:p-3");
        assertThat(heapFile()).isEqualTo(heap);
        assertThat(primaryKey("daily_snapshot")).isEqualTo("PRIMARY KEY (source, id)");
        assertThat(primaryKey("user_day_spend")).isEqualTo("PRIMARY KEY (day, status, source, user_id)");
        // and the day totals carry the source and still sum to the snapshot
        assertThat(query("select source || ' ' || user_id || ' ' || total from user_day_spend order by user_id"))
                .containsExactly("payments u1 12.50", "payments u2 7.25");
        assertThat(totalsFromSnapshot()).isEqualTo(totalsKept());

        // and the same id may now come from another source
        UUID other = load("cards");
        exec("insert into daily_snapshot (source, id, user_id, amount, status, created_at, load_id, first_seen_at, "
                + "updated_at) values ('cards', 'p-1', 'u9', 1, 'active', now(), '" + other + "', now(), now())");
        assertThat(query("select source from daily_snapshot where id = 'p-1' order by source"))
                .containsExactly("cards", "payments");
        // and no source column is left with a default that would hide a missing one
        assertThatThrownBy(() -> exec("insert into daily_snapshot (id, user_id, amount, status, created_at, load_id, "
                        + "first_seen_at, updated_at) values ('p-9', 'u1', 1, 'active', now(), '" + other
                        + "', now(), now())"))
                .hasMessageContaining("source");
    }

    @Test
    void aSnapshotOfSeveralSourcesTakesEachRowsSourceFromItsLoadAndRebuildsTheTotals() throws SQLException {
        // given a V16 warehouse fed by two sources, with kept day totals
        migrate("16");
        UUID payments = load("payments");
        UUID cards = load("cards");
        row("p-1", "u1", "10.00", payments);
        row("c-1", "u1", "4.00", cards);
        row("c-2", "u2", "1.10", cards);
        keepDayTotals();

        // when it is migrated to the latest version
        migrate(null);

        // then each row is under its load's source, and the totals are kept per source, summing to the snapshot
        assertThat(query("select source || ':' || id from daily_snapshot order by id"))
                .containsExactly("cards:c-1", "cards:c-2", "payments:p-1");
        assertThat(query("select source || ' ' || user_id || ' ' || total from user_day_spend "
                        + "order by source, user_id"))
                .containsExactly("cards u1 4.00", "cards u2 1.10", "payments u1 10.00");
        assertThat(totalsFromSnapshot()).isEqualTo(totalsKept());
    }

    @Test
    void rowsOfSeveralSourcesWhoseLoadIsGoneStopTheMigrationSayingSo() throws SQLException {
        // given two sources, and a row whose load is no longer in the ledger
        migrate("16");
        UUID payments = load("payments");
        load("cards");
        row("p-1", "u1", "10.00", payments);
        row("x-1", "u1", "1.00", UUID.randomUUID());

        // when it is migrated, then the migration stops, naming the rows and what to do, and changes nothing
        assertThatThrownBy(() -> migrate(null))
                .hasStackTraceContaining("daily_snapshot has 1 rows whose load is not in load_ledger");
        assertThat(query("select count(*) from information_schema.columns "
                        + "where table_name = 'daily_snapshot' and column_name = 'source'"))
                .containsExactly("0");
    }

    private void migrate(String target) {
        var config = Flyway.configure()
                .dataSource(
                        url,
                        TestDatabase.shared().username(),
                        TestDatabase.shared().password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("app_role", TestDatabase.shared().username()));
        if (target != null) {
            config.target(MigrationVersion.fromVersion(target));
        }
        config.load().migrate();
    }

    private UUID load(String source) throws SQLException {
        UUID id = UUID.randomUUID();
        exec("insert into load_ledger (id, source, status, opened_at, lease_expires_at, finished_at) values ('" + id
                + "', '" + source + "', 'COMMITTED', now(), now(), now())");
        return id;
    }

    private void row(String id, String user, String amount, UUID load) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("insert into daily_snapshot (id, user_id, amount, status, "
                        + "created_at, load_id, first_seen_at, updated_at) values (?, ?, ?::numeric, 'active', "
                        + "'2026-11-17T10:00:00Z', ?, now(), now())")) {
            ps.setString(1, id);
            ps.setString(2, user);
            ps.setString(3, amount);
            ps.setObject(4, load);
            ps.executeUpdate();
        }
    }

    /** The totals as the warehouse of V16 kept them: in UTC, from the snapshot. */
    private void keepDayTotals() throws SQLException {
        exec("update user_day_spend_zone set zone = 'UTC'");
        exec("insert into user_day_spend (day, status, user_id, total, transactions) "
                + "select (created_at at time zone 'UTC')::date, status, user_id, sum(amount), count(*) "
                + "from daily_snapshot group by 1, 2, 3");
    }

    private List<String> totalsKept() throws SQLException {
        return query("select day || status || source || user_id || ':' || total || '/' || transactions "
                + "from user_day_spend order by 1");
    }

    private List<String> totalsFromSnapshot() throws SQLException {
        return query("select day || status || source || user_id || ':' || sum(amount) || '/' || count(*) "
                + "from (select (created_at at time zone 'UTC')::date as day, status, source, user_id, amount "
                + "from daily_snapshot) d group by day, status, source, user_id order by 1");
    }

    private long heapFile() throws SQLException {
        return Long.parseLong(
                query("select pg_relation_filenode('daily_snapshot')").get(0));
    }

    private String primaryKey(String table) throws SQLException {
        return query("select pg_get_constraintdef(oid) from pg_constraint where conrelid = '" + table
                        + "'::regclass and contype = 'p'")
                .get(0);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(
                url, TestDatabase.shared().username(), TestDatabase.shared().password());
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
