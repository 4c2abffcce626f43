package io.dailyetl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real warehouse-service, packaged, running as its own process on a free port against the JVM's
 * {@link TestDatabase}: what ingest and report talk to in their tests. Started once per JVM, stopped with it. Its
 * tracing is on, exporting to the JVM's {@link OtlpSink}.
 */
public final class WarehouseProcess {

    public static final String TOKEN = "test-pipeline-token";

    private static WarehouseProcess shared;

    private final ServiceProcess process;

    private WarehouseProcess(ServiceProcess process) {
        this.process = process;
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
        return process.base();
    }

    public void stop() {
        process.stop();
    }

    private static WarehouseProcess start(TestDatabase db) {
        Path root = ServiceProcess.repositoryRoot();
        Path jar = ServiceProcess.runnerJar(root, "warehouse-service");
        try {
            int port = ServiceProcess.freePort();
            Path log = Files.createDirectories(Path.of("target").toAbsolutePath()).resolve("warehouse-process.log");
            ServiceProcess process = ServiceProcess.start("warehouse-service", root, jar, port, List.of("-Xmx384m"), null,
                    Map.of("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                            "QUARKUS_DATASOURCE_USERNAME", db.username(),
                            "QUARKUS_DATASOURCE_PASSWORD", db.password(),
                            "PIPELINE_API_TOKEN", TOKEN,
                            "QUARKUS_HTTP_PORT", Integer.toString(port),
                            // a short lease, so that tests of heartbeats and of a dead sender's load take seconds
                            "WAREHOUSE_LOAD_LEASE", "6s",
                            // traced as an operator turns it on, exporting to a stand-in collector
                            "QUARKUS_OTEL_SDK_DISABLED", "false",
                            "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", OtlpSink.shared().endpoint().toString(),
                            "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                            "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms"),
                    log);
            try {
                process.awaitReady(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), Duration.ofSeconds(90));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.stop();
                throw new IllegalStateException("interrupted while waiting for the warehouse", e);
            } catch (IllegalStateException e) {
                process.stop();
                throw e;
            }
            return new WarehouseProcess(process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the warehouse from " + jar, e);
        }
    }
}
