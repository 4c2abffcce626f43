package io.dailyetl.apiclients;

import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.WarehouseProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The three services as packaged ({@code target/quarkus-app/quarkus-run.jar}), each its own process on a free port,
 * for the generated clients to call: the warehouse against the embedded PostgreSQL ({@link WarehouseProcess}),
 * ingest and report talking to it with their least-privilege tokens, as in a deployment. Started once per JVM, on
 * first use, and stopped with it. Ingest's source and report's SMTP server are never reached by the smoke tests.
 */
final class RunningServices {

    /** The operator token every service takes (what people and these tests use). */
    static final String OPERATOR_TOKEN = WarehouseProcess.TOKEN;
    /** The loader token: ingest's role at the warehouse. */
    static final String LOADER_TOKEN = WarehouseProcess.LOADER_TOKEN;
    /** The reader token: report's role at the warehouse. */
    static final String READER_TOKEN = WarehouseProcess.READER_TOKEN;
    /** The only recipients report accepts from a caller. */
    static final String ALLOWED_RECIPIENTS = "@example.com";

    private static final List<String> JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    private static RunningServices shared;

    private final URI warehouse;
    private final ServiceProcess ingest;
    private final ServiceProcess report;

    private RunningServices(URI warehouse, ServiceProcess ingest, ServiceProcess report) {
        this.warehouse = warehouse;
        this.ingest = ingest;
        this.report = report;
    }

    static synchronized RunningServices shared() {
        if (shared == null) {
            shared = start();
            RunningServices s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "api-clients-services-stop"));
        }
        return shared;
    }

    URI warehouse() {
        return warehouse;
    }

    URI ingest() {
        return ingest.base();
    }

    URI report() {
        return report.base();
    }

    /** Sets {@code Authorization: Bearer <token>} on every request; a null token sends none. */
    static Consumer<HttpRequest.Builder> bearer(String token) {
        return request -> {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
        };
    }

    private void stop() {
        report.stop();
        ingest.stop();
    }

    private static RunningServices start() {
        URI warehouse = WarehouseProcess.shared().url();
        Path root = ServiceProcess.repositoryRoot();
        ServiceProcess ingest = null;
        ServiceProcess report = null;
        try {
            Path logs = Files.createDirectories(Path.of("target").toAbsolutePath());
            int ingestPort = ServiceProcess.freePort();
            ingest = ServiceProcess.start(
                    "ingest-service",
                    root,
                    ServiceProcess.runnerJar(root, "ingest-service"),
                    ingestPort,
                    JVM,
                    null,
                    Map.of(
                            "QUARKUS_HTTP_PORT",
                            Integer.toString(ingestPort),
                            "PIPELINE_API_TOKEN",
                            OPERATOR_TOKEN,
                            "PIPELINE_WAREHOUSE_TOKEN",
                            LOADER_TOKEN,
                            "QUARKUS_REST_CLIENT_WAREHOUSE_URL",
                            warehouse.toString(),
                            // required in prod; no smoke test starts a run, so nothing is ever read from it
                            "INGEST_SOURCE_URL",
                            "http://127.0.0.1:9/api/transactions",
                            "INGEST_SCHEDULE_CRON",
                            "off"),
                    logs.resolve("ingest-process.log"));
            int reportPort = ServiceProcess.freePort();
            report = ServiceProcess.start(
                    "report-service",
                    root,
                    ServiceProcess.runnerJar(root, "report-service"),
                    reportPort,
                    JVM,
                    null,
                    Map.of(
                            "QUARKUS_HTTP_PORT",
                            Integer.toString(reportPort),
                            "PIPELINE_API_TOKEN",
                            OPERATOR_TOKEN,
                            "PIPELINE_WAREHOUSE_TOKEN",
                            READER_TOKEN,
                            "QUARKUS_REST_CLIENT_WAREHOUSE_URL",
                            warehouse.toString(),
                            // no smoke test mails anything: the reports asked for are built only, or refused
                            "QUARKUS_MAILER_HOST",
                            "127.0.0.1",
                            "QUARKUS_MAILER_PORT",
                            "9",
                            "REPORT_MAIL_TO",
                            "smoke@example.com",
                            "REPORT_MAIL_ALLOWED_RECIPIENTS",
                            ALLOWED_RECIPIENTS,
                            "REPORT_SCHEDULE_CRON",
                            "off"),
                    logs.resolve("report-process.log"));
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            ingest.awaitReady(http, READY_WITHIN);
            report.awaitReady(http, READY_WITHIN);
            return new RunningServices(warehouse, ingest, report);
        } catch (IOException e) {
            stopAll(ingest, report);
            throw new UncheckedIOException("could not start ingest and report", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAll(ingest, report);
            throw new IllegalStateException("interrupted while waiting for ingest and report", e);
        } catch (RuntimeException e) {
            stopAll(ingest, report);
            throw e;
        }
    }

    private static void stopAll(ServiceProcess... processes) {
        for (ServiceProcess p : processes) {
            if (p != null) {
                p.stop();
            }
        }
    }
}
