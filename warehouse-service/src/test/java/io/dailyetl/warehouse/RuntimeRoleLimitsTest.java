package io.dailyetl.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warehouse runs as a role that may read and write its tables and keep its own staging tables, and nothing
 * more: the role its datasource connects as cannot change the schema Flyway (as the owner role) created. The rest of
 * the suite runs as the same role, which shows that it suffices to open, stage, commit, expire and query.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RuntimeRoleLimitsTest {

    /** SQLSTATE insufficient_privilege: "permission denied", "must be owner". */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Inject
    DataSource dataSource;

    @BeforeEach
    void twoRoles() {
        assumeThat(TestDatabase.shared().login().twoRoles())
                .as("the embedded database has an owner and a runtime role")
                .isTrue();
    }

    @Test
    void theApplicationConnectsAsTheRuntimeRoleWhichHasNoRoleAttributes() throws SQLException {
        // given the application's own connection
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                // when it asks who it is
                ResultSet rs =
                        st.executeQuery("select current_user, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, "
                                + "rolreplication from pg_roles where rolname = current_user")) {
            rs.next();

            // then it is the runtime role, with none of the attributes that would lift its limits
            assertThat(rs.getString(1)).isEqualTo(TestDatabase.APP);
            assertThat(List.of(
                            rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6)))
                    .containsOnly(false);
        }
    }

    @Test
    void theSchemaWasMigratedByTheOwnerRole() throws SQLException {
        // given the application's own connection
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            // when it looks at who owns the tables and who ran the migrations
            List<String> owners = strings(
                    st,
                    "select distinct tableowner from pg_tables "
                            + "where tablename in ('daily_snapshot', 'load_ledger', 'load_batch', 'quarantined_reject', "
                            + "'report_delivery', 'ingest_run', 'load_staging_template', 'source_watermark', "
                            + "'source_watermark_history', 'flyway_schema_history')");
            List<String> staging =
                    strings(st, "select nspowner::regrole::text from pg_namespace where nspname = 'staging'");

            // then the owner role owns them all, and the runtime role none
            assertThat(owners).containsExactly(TestDatabase.OWNER);
            assertThat(staging).containsExactly(TestDatabase.OWNER);
        }
    }

    @Test
    void theRuntimeRoleCannotChangeTheSnapshotOrTheLedger() throws SQLException {
        // given the application's own connection
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            // when it tries to drop, alter or empty the snapshot or the ledger, then PostgreSQL refuses each
            for (String table : List.of(
                    "daily_snapshot",
                    "load_ledger",
                    "load_batch",
                    "report_delivery",
                    "ingest_run",
                    "source_watermark",
                    "source_watermark_history",
                    "console_audit")) {
                assertRefused(() -> st.execute("drop table " + table));
                assertRefused(() -> st.execute("alter table " + table + " add column sneaky text"));
                assertRefused(() -> st.execute("truncate " + table));
                assertRefused(() -> st.execute("delete from " + table + " where false"));
            }
            // the console's audit log is written and read, never rewritten
            assertRefused(() -> st.execute("update console_audit set outcome = 'OK' where false"));
            assertRefused(() -> st.execute("create index sneaky on daily_snapshot (user_id)"));
            assertRefused(() -> st.execute("drop index daily_snapshot_created_at"));
            assertRefused(() -> st.execute("alter table daily_snapshot drop constraint daily_snapshot_pkey"));
            assertRefused(() -> st.execute("alter table load_staging_template add column sneaky text"));
            assertRefused(() -> st.execute("insert into load_staging_template (seq, pos, id, user_id, amount, status, "
                    + "created_at, attributes) values (0, 0, 'x', 'u', 1, 's', now(), '{}')"));
        }
    }

    @Test
    void theRuntimeRoleCannotTouchTheMigrationHistory() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            // when it tries to read or rewrite Flyway's history, then PostgreSQL refuses
            assertRefused(() -> st.execute("select count(*) from flyway_schema_history"));
            assertRefused(() -> st.execute("delete from flyway_schema_history"));
        }
    }

    @Test
    void theRuntimeRoleCreatesTablesOnlyInTheStagingSchema() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            // when it creates a table in the main schema, then PostgreSQL refuses
            assertRefused(() -> st.execute("create table sneaky (id int)"));
            assertRefused(() -> st.execute("create table public.sneaky (id int)"));
            assertRefused(() -> st.execute("create schema sneaky"));

            // and a table of its own in the staging schema it may create, fill and drop
            st.execute("create unlogged table staging.role_probe (like load_staging_template including all)");
            st.execute("insert into staging.role_probe (seq, pos, id, user_id, amount, status, created_at, attributes) "
                    + "values (0, 0, 'x', 'u', 1, 's', now(), '{}')");
            st.execute("drop table staging.role_probe");
        }
    }

    @Test
    void theRuntimeRoleCannotCreateRolesOrDatabasesOrGrantItselfMore() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            // when it tries to create a role or a database, or to become the owner, then PostgreSQL refuses
            assertRefused(() -> st.execute("create role sneaky login superuser"));
            assertRefused(() -> st.execute("create role sneaky"));
            assertRefused(() -> st.execute("create database sneaky"));
            assertRefused(() -> st.execute("set role " + TestDatabase.OWNER));
            assertRefused(() -> st.execute("grant " + TestDatabase.OWNER + " to " + TestDatabase.APP));
            assertRefused(() -> st.execute("alter role " + TestDatabase.APP + " superuser"));
        }
    }

    @Test
    void aLoadStillOpensStagesAndCommitsAsTheRuntimeRole() throws SQLException {
        // given an open load with a batch staged (its staging table created by the runtime role)
        String prefix = Api.uniquePrefix();
        String loadId = Api.open(Api.uniqueSource());
        Api.putBatch(loadId, 0, Api.records(prefix, 4, Api.uniqueWeek()), List.of())
                .statusCode(200);
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select tableowner from pg_tables where schemaname = 'staging' "
                        + "and tablename = 'load_" + loadId.replace("-", "") + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(TestDatabase.APP);
        }

        // when it commits, with a watermark
        Api.commit(loadId, 1, 4, 0, "2026-11-01T10:00:00Z").statusCode(200).body("watermarkMoved", Matchers.is(true));

        // then the records are in the snapshot and the staging table is gone
        assertThat(Api.snapshotCount(prefix)).isEqualTo(4);
        assertThat(Api.stagingExists(loadId)).isFalse();
    }

    private static void assertRefused(ThrowingCallable statement) {
        assertThatThrownBy(statement)
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

    private static List<String> strings(Statement st, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
