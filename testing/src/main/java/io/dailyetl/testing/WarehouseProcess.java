package io.dailyetl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real warehouse-service, packaged, running as its own process on a free port against the JVM's
 * {@link TestDatabase}: what ingest and report talk to in their tests. Started once per JVM, stopped with it.
 */
public final class WarehouseProcess {

    public static final String TOKEN = "test-pipeline-token";

    private static WarehouseProcess shared;

    private final Process process;
    private final URI url;
    private final Path log;

    private WarehouseProcess(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** The running warehouse, started on first use. */
    public static synchronized WarehouseProcess shared() {
        if (shared == null) {
            shared = start(TestDatabase.shared());
            WarehouseProcess w = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(w::stop, "warehouse-process-stop"));
        }
        return shared;
    }

    public URI url() {
        return url;
    }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static WarehouseProcess start(TestDatabase db) {
        Path jar = locateJar();
        int port = freePort();
        try {
            Path log = Files.createDirectories(Path.of("target")).resolve("warehouse-process.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx384m", "-jar", jar.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
            env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
            env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
            env.put("PIPELINE_API_TOKEN", TOKEN);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            // a short lease, so that tests of heartbeats and of a dead sender's load take seconds
            env.put("WAREHOUSE_LOAD_LEASE", "6s");
            Process process = pb.start();
            URI url = URI.create("http://localhost:" + port);
            WarehouseProcess w = new WarehouseProcess(process, url, log);
            w.awaitReady();
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the warehouse from " + jar, e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the warehouse process exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the warehouse", e);
            }
            try {
                Thread.sleep(200); // polling a child process's readiness; nothing to await on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the warehouse", e);
            }
        }
        stop();
        throw new IllegalStateException("the warehouse did not become ready within 90 s:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** warehouse-service's packaged runner, next to the module under test (the reactor builds it first). */
    private static Path locateJar() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("warehouse-service/target/quarkus-app/quarkus-run.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("warehouse-service is not packaged: run ./mvnw -B verify from the repository "
                + "root, or ./mvnw -B -pl warehouse-service -am package -DskipTests first");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
