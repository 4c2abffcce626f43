package io.dailyetl.devstack;

import static org.awaitility.Awaitility.await;

import io.dailyetl.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code java -jar <module>/target/quarkus-app/quarkus-run.jar}) started by a test as a person
 * starts it: with exactly the environment the test gives, on top of the test JVM's own minus every setting of the
 * services ({@code QUARKUS_*}, {@code PIPELINE_*}, {@code INGEST_*}, {@code REPORT_*}, {@code WAREHOUSE_*}), so
 * nothing the build was started with leaks in. Its output (stdout and stderr) goes to {@code log}.
 */
final class Launch implements AutoCloseable {

    private static final List<String> SERVICE_SETTINGS =
            List.of("QUARKUS_", "PIPELINE_", "INGEST_", "REPORT_", "WAREHOUSE_");

    private final Process process;
    private final Path log;
    private final long started = System.nanoTime();

    private Launch(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Launch start(Path jar, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", jar.toString())
                .directory(ServiceProcess.repositoryRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> SERVICE_SETTINGS.stream().anyMatch(k::startsWith));
        pb.environment().putAll(env);
        return new Launch(pb.start(), log);
    }

    /** Whether the process exited within {@code timeout} of its start. */
    boolean exitsWithin(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos() - (System.nanoTime() - started);
        return process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Seconds since the start. */
    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** What it printed so far, line by line. */
    List<String> lines() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    String output() throws IOException {
        return String.join("\n", lines());
    }

    /** Polls {@code base}/q/health/ready until it answers 200; fails if the process exits or {@code timeout} passes. */
    void awaitReady(HttpClient http, URI base, Duration timeout) {
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(
                                "exited with " + process.exitValue() + " before it was ready:\n" + output());
                    }
                    return http.send(ready, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                });
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
