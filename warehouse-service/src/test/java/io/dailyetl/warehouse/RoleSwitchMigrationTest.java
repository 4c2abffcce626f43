package io.dailyetl.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.dailyetl.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warehouse's migrations on an installation with a single role (owner and runtime role the same user, as in
 * dev and in installations from before the two roles) grant nothing, and naming a separate runtime role later
 * applies the grants then: the grants migration is repeatable, and its checksum covers the role's name.
 */
class RoleSwitchMigrationTest {

    private static final String PASSWORD = "role-switch-test-password";

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String database = "role_switch_" + suffix;
    private final String single = "role_switch_owner_" + suffix;
    private final String app = "role_switch_app_" + suffix;
    private String url;

    @BeforeEach
    void aDatabaseOwnedByOneRole() throws SQLException {
        assumeThat(TestDatabase.shared().login().twoRoles())
                .as("the embedded database, where tests may create roles")
                .isTrue();
        admin("create role " + single + " login nosuperuser nocreatedb nocreaterole password '" + PASSWORD + "'");
        admin("create role " + app + " login nosuperuser nocreatedb nocreaterole password '" + PASSWORD + "'");
        admin("create database " + database + " owner " + single);
        url = TestDatabase.shared().jdbcUrl().replaceFirst("/[^/]*$", "/" + database);
    }

    @AfterEach
    void dropIt() throws SQLException {
        if (url != null) {
            admin("drop database if exists " + database + " with (force)");
            admin("drop role if exists " + app);
            admin("drop role if exists " + single);
        }
    }

    /** The migrations the service ships (versioned and repeatable), counted from its sources. */
    private static int migrationFiles() {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("[VR]\\d*__.+\\.sql"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void oneRoleMigratesWithoutGrantsAndARuntimeRoleNamedLaterGetsThem() throws SQLException {
        // given an installation migrated with one role for both (the runtime role is the migrating role)
        MigrateResult first = migrate(single);
        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted)
                .as("every migration in db/migration")
                .isEqualTo(migrationFiles());
        assertThat(privileges(app)).isEqualTo("select false, insert false, staging false, main false");

        // when it later names a separate runtime role
        MigrateResult second = migrate(app);

        // then only the grants migration runs again, and the runtime role may now use the tables and staging schema,
        // but still not create in the main schema
        assertThat(second.migrationsExecuted).isEqualTo(1);
        assertThat(second.migrations)
                .singleElement()
                .satisfies(m -> assertThat(m.description).isEqualTo("runtime role grants"));
        assertThat(privileges(app)).isEqualTo("select true, insert true, staging true, main false");

        // and a start with the same settings changes nothing
        assertThat(migrate(app).migrationsExecuted).isZero();
    }

    @Test
    void theWatermarkTablesGiveTheRuntimeRoleRowsButNeverDeleteThoughDefaultPrivilegesWouldGrantIt()
            throws SQLException {
        // given an installation whose grants migration ran before V6 existed, with a separate runtime role: its
        // default privileges grant that role DELETE on every table the owner creates later
        asSuperuser("alter default privileges for role " + single + " in schema public "
                + "grant select, insert, update, delete on tables to " + app);

        // when it is migrated to the version that creates the watermark tables
        assertThat(migrate(app).success).isTrue();

        // then the runtime role may read, insert and update their rows, but not delete them
        for (String table : List.of("source_watermark", "source_watermark_history")) {
            assertThat(tablePrivileges(app, table)).as(table).isEqualTo("SELECT INSERT UPDATE");
        }
        // (where the default privileges had their way, it may)
        assertThat(tablePrivileges(app, "load_staging_template")).isEqualTo("SELECT INSERT UPDATE DELETE");
    }

    private MigrateResult migrate(String appRole) {
        return Flyway.configure()
                .dataSource(url, single, PASSWORD)
                .locations("classpath:db/migration")
                .placeholders(Map.of("app_role", appRole))
                .load()
                .migrate();
    }

    /** Which of SELECT, INSERT, UPDATE and DELETE {@code role} has on a table of the main schema. */
    private String tablePrivileges(String role, String table) throws SQLException {
        try (Connection c = asSuperuser();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select string_agg(p, ' ' order by n) from unnest("
                        + "array['SELECT', 'INSERT', 'UPDATE', 'DELETE']) with ordinality as u(p, n) "
                        + "where has_table_privilege('" + role + "', 'public." + table + "', p)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A connection to the test database as the superuser. */
    private Connection asSuperuser() throws SQLException {
        return DriverManager.getConnection(
                url, TestDatabase.shared().username(), TestDatabase.shared().password());
    }

    private void asSuperuser(String sql) throws SQLException {
        try (Connection c = asSuperuser();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** What {@code role} may do in the test database: read and write the snapshot, create in staging, in public. */
    private String privileges(String role) throws SQLException {
        try (Connection c = asSuperuser();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select has_table_privilege('" + role + "', 'public.daily_snapshot', 'SELECT'), "
                                + "has_table_privilege('" + role + "', 'public.daily_snapshot', 'INSERT'), "
                                + "has_schema_privilege('" + role + "', 'staging', 'CREATE'), "
                                + "has_schema_privilege('" + role + "', 'public', 'CREATE')")) {
            rs.next();
            return "select " + rs.getBoolean(1) + ", insert " + rs.getBoolean(2) + ", staging " + rs.getBoolean(3)
                    + ", main " + rs.getBoolean(4);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
