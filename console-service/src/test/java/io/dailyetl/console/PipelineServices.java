package io.dailyetl.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.WarehouseProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real ingest-service and report-service for the console's actions, each its packaged jar as a child process (as
 * {@link WarehouseProcess} runs the warehouse), both talking to the packaged warehouse: ingest reads a WireMock
 * source (page style, three clean records), report mails through a GreenMail SMTP server. Started once per test JVM,
 * stopped with it. Build them first: {@code ./mvnw -B -pl ingest-service,report-service -am package -DskipTests}.
 */
public class PipelineServices implements QuarkusTestResourceLifecycleManager {

    /** The operator token of ingest, report and the warehouse (the console's {@code console.operator-token}). */
    static final String OPERATOR_TOKEN = WarehouseProcess.TOKEN;

    /** Who report mails the weekly report to. */
    static final String RECIPIENT = "ops@example.com";

    private static Started started;

    /** Ingest's source whose source takes a window of change times ({@code /transactions} at the WireMock source). */
    static final String SHOP = "shop";

    /** Ingest's source that takes a lower bound only ({@code /refunds} at the WireMock source). */
    static final String REFUNDS = "refunds";

    /** The running services. */
    record Started(ServiceProcess ingest, ServiceProcess report, WireMockServer source, GreenMail smtp) {}

    static synchronized Started shared() {
        if (started == null) {
            started = startAll();
            Started s = started;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                s.ingest().stop();
                                s.report().stop();
                                s.source().stop();
                                s.smtp().stop();
                            },
                            "pipeline-services-stop"));
        }
        return started;
    }

    @Override
    public Map<String, String> start() {
        Started s = shared();
        return Map.of(
                "quarkus.rest-client.ingest.url", s.ingest().base().toString(),
                "quarkus.rest-client.report.url", s.report().base().toString());
    }

    @Override
    public void stop() {
        // shared across test classes; stops with the JVM
    }

    private static Started startAll() {
        String warehouse = WarehouseProcess.shared().url().toString();
        try {
            WireMockServer source = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            source.start();
            serveThreeRecords(source);
            GreenMail smtp = new GreenMail(new ServerSetup(ServiceProcess.freePort(), "127.0.0.1", "smtp"));
            smtp.start();

            Map<String, String> ingestEnv = new HashMap<>();
            ingestEnv.put("PIPELINE_API_TOKEN", OPERATOR_TOKEN);
            ingestEnv.put("PIPELINE_WAREHOUSE_TOKEN", WarehouseProcess.LOADER_TOKEN);
            // the console reads ingest's sources with its reader token, the same one it reads the warehouse with
            ingestEnv.put("PIPELINE_TOKENS_READER", WarehouseProcess.READER_TOKEN);
            ingestEnv.put("QUARKUS_REST_CLIENT_WAREHOUSE_URL", warehouse);
            // two sources, so that the console's forms pick one: SHOP incremental with an upper bound (the console's
            // backfill of a window runs end to end), REFUNDS incremental with a lower bound only
            ingestEnv.put("INGEST_SOURCES_SHOP_URL", source.baseUrl() + "/transactions");
            ingestEnv.put("INGEST_SOURCES_SHOP_INCREMENTAL_ENABLED", "true");
            ingestEnv.put("INGEST_SOURCES_SHOP_INCREMENTAL_SINCE_PARAM", "updated_since");
            ingestEnv.put("INGEST_SOURCES_SHOP_INCREMENTAL_UNTIL_PARAM", "updated_before");
            ingestEnv.put("INGEST_SOURCES_REFUNDS_URL", source.baseUrl() + "/refunds");
            ingestEnv.put("INGEST_SOURCES_REFUNDS_INCREMENTAL_ENABLED", "true");
            ingestEnv.put("INGEST_SOURCES_REFUNDS_INCREMENTAL_SINCE_PARAM", "updated_since");
            ingestEnv.put("INGEST_SCHEDULE_CRON", "off");
            ingestEnv.put("INGEST_CLEAN_ZONE", "UTC");
            ingestEnv.put("INGEST_WARM_UP", "false");
            ingestEnv.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            ServiceProcess ingest = startService("ingest-service", ingestEnv);

            Map<String, String> reportEnv = new HashMap<>();
            reportEnv.put("PIPELINE_API_TOKEN", OPERATOR_TOKEN);
            // the console downloads the CSV with its reader token, the same one it reads the warehouse with
            reportEnv.put("PIPELINE_TOKENS_READER", WarehouseProcess.READER_TOKEN);
            reportEnv.put("PIPELINE_WAREHOUSE_TOKEN", WarehouseProcess.READER_TOKEN);
            reportEnv.put("QUARKUS_REST_CLIENT_WAREHOUSE_URL", warehouse);
            reportEnv.put("QUARKUS_MAILER_HOST", "127.0.0.1");
            reportEnv.put("QUARKUS_MAILER_PORT", Integer.toString(smtp.getSmtp().getPort()));
            reportEnv.put("QUARKUS_MAILER_START_TLS", "DISABLED");
            reportEnv.put("QUARKUS_MAILER_MOCK", "false");
            reportEnv.put("REPORT_MAIL_TO", RECIPIENT);
            reportEnv.put("REPORT_SCHEDULE_CRON", "off");
            reportEnv.put("REPORT_NOTIFY_POLL_EVERY", "off");
            reportEnv.put("REPORT_WARM_UP", "false");
            reportEnv.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            ServiceProcess report = startService("report-service", reportEnv);
            return new Started(ingest, report, source, smtp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Page 1 of each source serves three clean records, every later page none. */
    static void serveThreeRecords(WireMockServer source) {
        serveThreeRecords(source, "/transactions", "console-action-");
        serveThreeRecords(source, "/refunds", "console-refund-");
    }

    private static void serveThreeRecords(WireMockServer source, String path, String ids) {
        source.stubFor(get(urlPathEqualTo(path))
                .atPriority(10)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"results\": []}")));
        StringBuilder records = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            records.append(i > 1 ? "," : "")
                    .append("{\"id\":\"")
                    .append(ids)
                    .append(i)
                    .append("\",\"user_id\":\"console-user\",\"amount\":\"")
                    .append(i)
                    .append(".00\",\"status\":\"active\",\"created_at\":\"2026-11-02T10:00:00Z\"}");
        }
        source.stubFor(get(urlPathEqualTo(path))
                .atPriority(1)
                .withQueryParam("page", WireMock.equalTo("1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"results\": [" + records + "]}")));
    }

    /** Starts a packaged service on a free port (another, if a server of this JVM took that one meanwhile). */
    private static ServiceProcess startService(String module, Map<String, String> env) throws IOException {
        Path root = ServiceProcess.repositoryRoot();
        Path jar = ServiceProcess.runnerJar(root, module);
        Path log = Files.createDirectories(Path.of("target").toAbsolutePath()).resolve(module + "-process.log");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int attempt = 1; ; attempt++) {
            int port = ServiceProcess.freePort();
            Map<String, String> withPort = new HashMap<>(env);
            withPort.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            ServiceProcess process =
                    ServiceProcess.start(module, root, jar, port, List.of("-Xmx256m"), null, withPort, log);
            try {
                process.awaitReady(http, Duration.ofSeconds(90));
                return process;
            } catch (InterruptedException e) {
                process.stop();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + module, e);
            } catch (IllegalStateException e) {
                process.stop();
                if (attempt == 3 || e.getMessage() == null || !e.getMessage().contains("in use")) {
                    throw e;
                }
            }
        }
    }
}
