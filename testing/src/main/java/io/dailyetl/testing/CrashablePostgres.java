package io.dailyetl.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL that a fault test may crash: {@link #crash()} is {@code pg_ctl stop -m immediate} (SIGQUIT to the
 * postmaster: no checkpoint, crash recovery at the next start, unlogged tables emptied), {@link #start()} brings the
 * same data directory back on the same port. Durable as a stock server, so that what it reported committed survives.
 */
public final class CrashablePostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private CrashablePostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** A new server with a fresh data directory on a free port. */
    public static CrashablePostgres startNew() {
        try {
            CrashablePostgres pg =
                    new CrashablePostgres(Files.createTempDirectory("crashable-pg"), ServiceProcess.freePort());
            Files.delete(pg.dataDir); // initdb wants to create it
            pg.start();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the server on its data directory (recovering from a crash if there was one), as durable as a stock
     * PostgreSQL ({@link TestDatabase#DURABLE}): with the embedded server's own {@code synchronous_commit=off}, a
     * crash may lose a transaction that was already reported committed (a load opened 200 ms before it), which no
     * production database does and no caller can be expected to survive.
     */
    public synchronized void start() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60));
            TestDatabase.DURABLE.forEach(builder::setServerConfig);
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL on " + dataDir, e);
        }
    }

    /** Stops the server the way a crash would (immediate shutdown) and waits until it is gone. */
    public synchronized void crash() {
        try {
            long pid = Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid))
                    .inheritIO()
                    .start();
            kill.waitFor(10, TimeUnit.SECONDS);
            ProcessHandle.of(pid)
                    .ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            // let go of the embedded server's lock on the data directory (its stop finds nothing to stop)
            server.close();
            server = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username(), password());
    }

    @Override
    public synchronized void close() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            // stopping a crashed server fails; the directory goes anyway
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory; nothing more to do
        }
    }
}
