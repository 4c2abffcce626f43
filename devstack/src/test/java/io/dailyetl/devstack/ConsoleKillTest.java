package io.dailyetl.devstack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.Documents;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's audit promise (docs/console.md, "An action is on record before it is done") against a console killed
 * with {@code kill -9} in the middle of an action: the packaged warehouse (on an embedded PostgreSQL) and the packaged
 * console, each its own process, and an ingest (WireMock) that holds the console's {@code POST /api/runs}. The killed
 * console's action stays in the audit log as STARTED with no outcome, and a new console shows it as such.
 */
class ConsoleKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "console-kill-token";
    private static final String READER = TOKEN + "-reader";
    private static final String OPERATOR_PASSWORD = "console-kill-operator";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path root;
    private static Path logs;
    private static TestDatabase db;
    private static WireMockServer ingest;
    private static ServiceProcess warehouse;
    /** The warehouse once started, ready or not: stopped after all tests. */
    private static final List<ServiceProcess> WAREHOUSE = new ArrayList<>();

    private final List<ServiceProcess> consoles = new ArrayList<>();

    @BeforeAll
    static void startTheWarehouseAndAnIngestThatHoldsRuns() throws Exception {
        root = ServiceProcess.repositoryRoot();
        logs = root.resolve("devstack/target/console-kill");
        Files.createDirectories(logs);
        db = TestDatabase.startEmbedded(0);
        ingest = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        ingest.start();
        // ingest takes the run and answers only after two minutes; its schedule (the actions page asks) at once
        ingest.stubFor(post(urlPathEqualTo("/api/runs"))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"runId\":\"2b7c4f0e-41d5-4d1e-8a3e-0d6f5b9c7a21\",\"status\":\"RUNNING\"}")
                        .withFixedDelay(120_000)));
        ingest.stubFor(get(urlPathEqualTo("/api/schedule"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"source\":\"transactions\",\"cron\":\"off\",\"zone\":\"UTC\","
                                + "\"nextRunAt\":null,\"backfill\":\"off\"}")));

        Map<String, String> env = new HashMap<>(db.login().warehouseEnv());
        env.put("PIPELINE_API_TOKEN", TOKEN);
        env.put("PIPELINE_TOKENS_READER", READER);
        warehouse = PackagedService.start(
                "warehouse-service",
                env,
                logs.resolve("warehouse-service.log"),
                WAREHOUSE,
                HTTP,
                Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopEverything() {
        WAREHOUSE.forEach(ServiceProcess::stop);
        if (ingest != null) {
            ingest.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void stopTheConsoles() {
        consoles.forEach(ServiceProcess::stop);
    }

    @Test
    @Documents("troubleshooting: the console's audit log shows an action `STARTED` with \"no outcome on record\"")
    void aConsoleKilledWhileIngestHoldsItsCallLeavesTheActionOnRecordAsStartedAndANewConsoleShowsIt() throws Exception {
        // given a console, and the operator logged in on its actions page
        ServiceProcess console = console("first");
        String session = logIn(console);
        HttpResponse<String> actions = send(console, "GET", "/actions", session, null, null);
        assertThat(actions.statusCode()).isEqualTo(200);
        String csrfCookie = cookie(actions, "console-csrf");
        Matcher token = CSRF_FIELD.matcher(actions.body());
        assertThat(token.find()).as("the actions page carries its CSRF token").isTrue();
        ingest.resetRequests();
        long rowsBefore = audit().size();

        // when they confirm a run now, and the console is killed while ingest holds the call
        HTTP.sendAsync(
                request(
                        console,
                        "POST",
                        "/actions/run",
                        session,
                        csrfCookie,
                        form("kind", "NOW", "csrf-token", token.group(1))),
                HttpResponse.BodyHandlers.ofString());
        await("ingest to receive the console's POST /api/runs")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !ingest.findAll(postRequestedFor(urlPathEqualTo("/api/runs")))
                        .isEmpty());
        console.kill();
        assertThat(console.isAlive()).isFalse();

        // then the audit log holds the action, STARTED, by the operator, and no outcome follows it
        List<JsonNode> rows = audit();
        assertThat(rows).hasSize((int) rowsBefore + 1);
        JsonNode started = rows.get(0);
        assertThat(started.path("outcome").asText()).isEqualTo("STARTED");
        assertThat(started.path("actor").asText()).isEqualTo("operator");
        assertThat(started.path("action").asText()).isEqualTo("run-now");
        assertThat(started.path("target").asText()).isEqualTo("ingest run");
        assertThat(rows.stream()
                        .filter(r -> r.path("follows").asLong(-1)
                                == started.path("id").asLong()))
                .isEmpty();

        // and a new console shows it on its audit page as an action without outcome, saying where to look
        ServiceProcess second = console("second");
        String page = send(second, "GET", "/audit", logIn(second), null, null).body();
        String row =
                page.substring(page.indexOf("data-entry=\"" + started.path("id").asLong() + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("run-now", ">STARTED<", "no outcome on record");
    }

    /** A packaged console in the prod profile, reading the warehouse with the reader token, acting with the operator's. */
    private ServiceProcess console(String name) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_REST_CLIENT_WAREHOUSE_URL", warehouse.base().toString());
        env.put("QUARKUS_REST_CLIENT_INGEST_URL", ingest.baseUrl());
        env.put("QUARKUS_REST_CLIENT_REPORT_URL", "http://127.0.0.1:" + ServiceProcess.freePort());
        env.put("PIPELINE_WAREHOUSE_TOKEN", READER);
        env.put("CONSOLE_OPERATOR_TOKEN", TOKEN);
        env.put("CONSOLE_USERS_VIEWER_PASSWORD", "console-kill-viewer");
        env.put("CONSOLE_USERS_OPERATOR_PASSWORD", OPERATOR_PASSWORD);
        env.put("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY", "console-kill-session-key-0123456789abcdef");
        env.put("CONSOLE_SECURE_COOKIE", "false");
        return PackagedService.start(
                "console-service",
                env,
                logs.resolve("console-service-" + name + ".log"),
                consoles,
                HTTP,
                Duration.ofSeconds(90));
    }

    /** Logs in as operator through the form and answers the session cookie. */
    private static String logIn(ServiceProcess console) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(
                console,
                "POST",
                "/j_security_check",
                null,
                null,
                form("j_username", "operator", "j_password", OPERATOR_PASSWORD));
        String session = cookie(answer, "console-session");
        assertThat(session)
                .as("login answered %d without a session", answer.statusCode())
                .isNotNull();
        return session;
    }

    /** The warehouse's audit log, newest first, as the reader token reads it. */
    private static List<JsonNode> audit() throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(warehouse.base().resolve("/api/audit?limit=500"))
                        .header("Authorization", "Bearer " + READER)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(answer.body()).forEach(rows::add);
        return rows;
    }

    private static HttpResponse<String> send(
            ServiceProcess console, String method, String path, String session, String csrfCookie, String body)
            throws IOException, InterruptedException {
        return HTTP.send(
                request(console, method, path, session, csrfCookie, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(
            ServiceProcess console, String method, String path, String session, String csrfCookie, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(console.base().resolve(path)).timeout(Duration.ofSeconds(150));
        StringJoiner cookies = new StringJoiner("; ");
        if (session != null) {
            cookies.add("console-session=" + session);
        }
        if (csrfCookie != null) {
            cookies.add("console-csrf=" + csrfCookie);
        }
        if (cookies.length() > 0) {
            b.header("Cookie", cookies.toString());
        }
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return b.header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String form(String... pairs) {
        StringJoiner out = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** The value a response's {@code Set-Cookie} gives {@code name}, or null. */
    private static String cookie(HttpResponse<?> answer, String name) {
        return answer.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .filter(v -> !v.isEmpty())
                .findFirst()
                .orElse(null);
    }
}
