package io.dailyetl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real warehouse-service, packaged, running as its own process on a free port against the JVM's
 * {@link TestDatabase}, migrating as its owner role and running as its runtime role: what ingest and report talk to
 * in their tests. Started once per JVM, stopped with it. Its tracing is on, exporting to the JVM's {@link OtlpSink}.
 */
public final class WarehouseProcess {

    /** The operator token (everything). */
    public static final String TOKEN = "test-pipeline-token";
    /** The loader token: what ingest's tests send (their {@code %test} profile). */
    public static final String LOADER_TOKEN = "test-loader-token";
    /** The reader token: what report's tests send (their {@code %test} profile). */
    public static final String READER_TOKEN = "test-reader-token";

    /**
     * The one source whose loads this warehouse refuses above 20 % rejects (a data check's error threshold,
     * docs/checks.md); every other source has the default checks, which only warn.
     */
    public static final String STRICT_SOURCE = "ingest-checks-strict";

    /**
     * The one source with a field rule: its records' {@code status} must be {@code active} (a warning, keeping the
     * ids of up to 20 records that are not), so a run of it shows a check with sample ids.
     */
    public static final String FIELD_RULE_SOURCE = "console-field-rule";

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

    /** The database's owner and runtime roles (as in production), the token, the port and a short lease. */
    private static Map<String, String> env(DatabaseLogin login, int port) {
        Map<String, String> env = new HashMap<>(login.warehouseEnv());
        env.put("PIPELINE_API_TOKEN", TOKEN);
        env.put("PIPELINE_TOKENS_LOADER", LOADER_TOKEN);
        env.put("PIPELINE_TOKENS_READER", READER_TOKEN);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // a short lease, so that tests of heartbeats and of a dead sender's load take seconds
        env.put("WAREHOUSE_LOAD_LEASE", "6s");
        // traced as an operator turns it on (the endpoint alone), exporting to a stand-in collector
        env.put(
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT",
                OtlpSink.shared().endpoint().toString());
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        return env;
    }

    /**
     * Starts the warehouse on a free port; when another server of this test run took that port between its choice and
     * the warehouse's bind (the warehouse then exits naming the port in use), tries again on another.
     */
    private static WarehouseProcess start(TestDatabase db) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(db);
            } catch (IllegalStateException e) {
                if (attempt == 3 || e.getMessage() == null || !e.getMessage().contains("in use")) {
                    throw e;
                }
                System.out.println("warehouse-service: its port was taken meanwhile, starting it on another");
            }
        }
    }

    private static WarehouseProcess startOnce(TestDatabase db) {
        Path root = ServiceProcess.repositoryRoot();
        Path jar = ServiceProcess.runnerJar(root, "warehouse-service");
        try {
            // the collector binds a port of its own first, so that the kernel cannot offer it as the warehouse's
            OtlpSink.shared();
            int port = ServiceProcess.freePort();
            Path log =
                    Files.createDirectories(Path.of("target").toAbsolutePath()).resolve("warehouse-process.log");
            ServiceProcess process = ServiceProcess.start(
                    "warehouse-service",
                    root,
                    jar,
                    port,
                    List.of(
                            "-Xmx384m",
                            "-Dwarehouse.checks.sources.\"" + STRICT_SOURCE + "\".reject-share.error=0.2",
                            "-Dwarehouse.checks.sources.\"" + FIELD_RULE_SOURCE
                                    + "\".fields.\"status\".accepted-values.values=active"),
                    null,
                    env(db.login(), port),
                    log);
            try {
                process.awaitReady(
                        HttpClient.newBuilder()
                                .connectTimeout(Duration.ofSeconds(2))
                                .build(),
                        Duration.ofSeconds(90));
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
