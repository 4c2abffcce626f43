package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.dailyetl.testing.CrashablePostgres;
import io.dailyetl.testing.DatabaseLogin;
import io.dailyetl.testing.HostileBatches;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite: the packaged services as separate processes on a real PostgreSQL that the suite crashes
 * ({@code pg_ctl stop -m immediate}) and restarts, and services it kills with {@code kill -9}. After every fault the
 * next (or healed) run must end with exactly the demo-source's own expected counts and the snapshot must be exactly
 * the right one: records lost 0, doubled 0. One stack serves every scenario, in order; each scenario prints how long
 * recovery took.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OUTCOMES = new ArrayList<>();
    /** How often a run is polled until it is no longer RUNNING. */
    private static final Duration POLL = Duration.ofMillis(500);

    private static CrashablePostgres pg;
    private static Stack stack;
    private static StackClient client;
    private static JsonNode expected;
    /** count, sum of amounts and a digest of every snapshot row after the first exact run: the truth. */
    private static String truth;

    @BeforeAll
    static void startTheSystem() throws Exception {
        Path root = io.dailyetl.testing.ServiceProcess.repositoryRoot();
        pg = CrashablePostgres.startNew();
        // batches of 100 records, so a run of the 3,000 demo records stages some 28 of them
        Stack.Options options = new Stack.Options(
                        root,
                        root.resolve("devstack/target/faults"),
                        false,
                        "fault-token",
                        3000,
                        100,
                        DatabaseLogin.single(pg.jdbcUrl(), pg.username(), pg.password()))
                .with(
                        "ingest-service",
                        new Stack.Service(Stack.Service.INGEST.jvmOptions(), Map.of("INGEST_BATCH_SIZE", "100")))
                // the weekly cron on (it does not fire during the suite), its catch-up every 2 s, a delivery claim
                // lapsing after 10 s: so that a dead report-service's claim is taken over within the test
                .with(
                        "report-service",
                        new Stack.Service(
                                Stack.Service.DEFAULT.jvmOptions(),
                                Map.of(
                                        "REPORT_SCHEDULE_CRON",
                                        "0 0 6 ? * MON",
                                        "REPORT_SCHEDULE_CATCH_UP_EVERY",
                                        "2s")))
                .with(
                        "warehouse-service",
                        new Stack.Service(
                                Stack.Service.DEFAULT.jvmOptions(), Map.of("WAREHOUSE_DELIVERY_LEASE", "10s")));
        stack = Stack.start(options, message -> System.out.println("[faults] " + message));
        client = new StackClient(stack);
        expected = get(stack.demoSource().resolve("/api/expected/counts"));
        // a first, undisturbed run fills the snapshot; its fingerprint is what every later run must leave behind
        JsonNode first = client.awaitRun(client.startRun(), Duration.ofMinutes(3), POLL);
        assertExact(first);
        truth = fingerprint();
        // the demo-source's rejects include hostile values; each was rejected on its own, naming the field
        List<String> reasons = new ArrayList<>();
        get(stack.warehouse().resolve("/api/loads/" + first.path("loadId").asText() + "/rejects?limit=1000"))
                .path("rejects")
                .forEach(r -> reasons.add(r.path("reason").asText()));
        assertThat(reasons)
                .anySatisfy(r -> assertThat(r).startsWith("amount: out of range \"1e999999999\""))
                .anySatisfy(r -> assertThat(r).startsWith("amount: out of range \"-0e-99999999\""))
                .anySatisfy(r -> assertThat(r).startsWith("amount: out of range \"1E+2147483648\""))
                .anySatisfy(r -> assertThat(r).startsWith("score: number with more than 131072 integer digits"))
                .anySatisfy(r -> assertThat(r).startsWith("score: number with more than 16383 decimal places"))
                .anySatisfy(r -> assertThat(r).isEqualTo("path: nested deeper than 32 levels"));
    }

    @AfterAll
    static void stopTheSystem() {
        System.out.println("fault suite outcomes:\n  " + String.join("\n  ", OUTCOMES));
        if (stack != null) {
            stack.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void postgresCrashDuringStagingLosesNothing() throws Exception {
        // given a run caught with batches staged (pages slowed so it is)
        String runId = runWithBatchesStaged(5)[0];

        // when PostgreSQL stops as in a crash and comes back
        long t0 = System.nanoTime();
        pg.crash();
        pg.start();

        // then the commit refuses the emptied staging, the run starts again, and the result is exact
        JsonNode run = recoveredExactly(runId, "PostgreSQL immediate stop during staging", t0);
        assertThat(run.path("attempts")).hasSize(2);
    }

    @Test
    @Order(2)
    void postgresCrashDuringTheMergeLosesNothing() throws Exception {
        // given a run whose commit is held inside its merge (a row it must change is locked by another session)
        slowPages(0);
        try (Connection holder = pg.connect()) {
            String id = lockAChangedRow(holder);
            String runId = runWithItsMergeHeld();

            // when PostgreSQL crashes mid-merge and comes back
            long t0 = System.nanoTime();
            pg.crash();
            pg.start();

            // then nothing of the merge is visible, the retried commit meets the emptied staging, and the next attempt
            // is exact
            recoveredExactly(runId, "PostgreSQL immediate stop during the merge", t0);
        }
    }

    @Test
    @Order(3)
    void warehouseKilledDuringStagingLosesNothing() throws Exception {
        String runId = runWithBatchesStaged(5)[0];

        long t0 = System.nanoTime();
        stack.kill("warehouse-service");
        stack.restart("warehouse-service");

        recoveredExactly(runId, "warehouse kill -9 during staging", t0);
    }

    @Test
    @Order(4)
    void warehouseKilledDuringTheCommitLosesNothing() throws Exception {
        slowPages(0);
        String runId;
        long t0;
        try (Connection holder = pg.connect()) {
            lockAChangedRow(holder);
            runId = runWithItsMergeHeld();

            t0 = System.nanoTime();
            stack.kill("warehouse-service");
            holder.rollback(); // the orphaned merge runs on, finds its client gone, and rolls back
        }
        stack.restart("warehouse-service");

        recoveredExactly(runId, "warehouse kill -9 during the commit's merge", t0);
    }

    @Test
    @Order(5)
    void ingestKilledMidRunLetsANewRunInWithinTwoMinutes() throws Exception {
        // given a run with batches staged
        String[] dead = runWithBatchesStaged(3);
        String loadId = dead[1];

        // when ingest is killed and started again
        long t0 = System.nanoTime();
        stack.kill("ingest-service");
        stack.restart("ingest-service");
        slowPages(0);

        // then a new run is accepted within two minutes (the dead run's lease lapses) and ends exact
        String[] next = new String[1];
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    HttpResponse<String> r = send("POST", stack.ingest().resolve("/api/runs"));
                    if (r.statusCode() == 202) {
                        next[0] = JSON.readTree(r.body()).path("runId").asText();
                        return true;
                    }
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
                    return false;
                });
        double accepted = (System.nanoTime() - t0) / 1e9;
        JsonNode run = client.awaitRun(next[0], Duration.ofMinutes(3), POLL);
        assertExact(run);
        assertThat(fingerprint()).isEqualTo(truth);
        assertThat(get(stack.warehouse().resolve("/api/loads/" + loadId))
                        .path("status")
                        .asText())
                .isEqualTo("EXPIRED");
        // and the restarted replica still answers for the dead run, from the warehouse's history: FAILED, saying why
        JsonNode deadRun = get(stack.ingest().resolve("/api/runs/" + dead[0]));
        assertThat(deadRun.path("status").asText()).as("%s", deadRun).isEqualTo("FAILED");
        assertThat(deadRun.path("error").asText()).contains("expired");
        outcome(
                String.format(Locale.ROOT, "ingest kill -9 mid-run (new run accepted after %.0f s)", accepted),
                run,
                t0);
    }

    @Test
    @Order(6)
    void reportKilledBetweenClaimAndSendStillSendsTheWeekOnce() throws Exception {
        // given the week of the cron's last firing, which the catch-up sent at start-up
        LocalDate end = lastFiring(DayOfWeek.MONDAY);
        LocalDate from = end.minusDays(7);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> "SENT".equals(delivery(from).path("status").asText()));

        // when SMTP is down, a forced resend claims the week, and report-service is killed before it could send it
        stack.smtp().stop();
        String body = "{\"end\":\"" + end + "\",\"force\":true}";
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                send("POST", stack.report().resolve("/api/reports/weekly"), body);
            } catch (IOException e) {
                // the kill below cuts this call off: that is the point
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    JsonNode d = delivery(from);
                    return "SENDING".equals(d.path("status").asText())
                            && d.path("forced").asBoolean();
                });
        long t0 = System.nanoTime();
        stack.kill("report-service");

        // then, SMTP back and report-service restarted, the catch-up takes the dead claim over once it lapses
        // (database clock) and the week goes out exactly once, with the window's Message-ID
        GreenMail smtp = stack.restartSmtp();
        stack.restart("report-service");
        await().atMost(Duration.ofMinutes(2)).until(() -> smtp.getReceivedMessages().length >= 1);
        double sent = (System.nanoTime() - t0) / 1e9;
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(10))
                .until(() -> smtp.getReceivedMessages().length == 1);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getHeader("Message-ID")).containsExactly("<weekly." + from + "." + end + "@daily-etl>");
        assertThat(delivery(from).path("status").asText()).isEqualTo("SENT");
        OUTCOMES.add(String.format(
                Locale.ROOT,
                "%-62s sent once, %.1f s after the kill (claim lease 10 s here)",
                "report-service kill -9 between claim and send, SMTP down then up",
                sent));
    }

    @Test
    @Order(7)
    void pageOverTheSizeCapFailsTheRunAndChangesNothing() throws Exception {
        // given ingest restarted with a page cap below the demo-source's pages (about 20 KiB each)
        slowPages(0);
        stack.restart("ingest-service", Map.of("INGEST_SOURCE_MAX_PAGE_BYTES", "8K"));
        try {
            // when a run reads the first page
            JsonNode run = client.awaitRun(client.startRun(), Duration.ofMinutes(2), POLL);

            // then it fails saying why, its load is aborted and the snapshot is exactly as before
            assertThat(run.path("status").asText()).isEqualTo("FAILED");
            assertThat(run.path("error").asText()).contains("ingest.source.max-page-bytes");
            assertThat(get(stack.warehouse()
                                    .resolve("/api/loads/" + run.path("loadId").asText()))
                            .path("status")
                            .asText())
                    .isEqualTo("ABORTED");
            assertThat(fingerprint()).isEqualTo(truth);
            OUTCOMES.add(String.format(
                    Locale.ROOT,
                    "%-62s FAILED: %s; snapshot unchanged",
                    "a page over the size cap",
                    run.path("error").asText().replaceAll("; ask .*", "")));
        } finally {
            stack.restart("ingest-service");
        }
    }

    @Test
    @Order(8)
    void hostileBatchesGetAFast400AndChangeNothing() throws Exception {
        // given an open load at the packaged warehouse
        HttpResponse<String> opened = send(
                "POST", stack.warehouse().resolve("/api/loads"), "{\"source\":\"hostile-probe\",\"runId\":\"suite\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String loadId = JSON.readTree(opened.body()).path("loadId").asText();
        long worst = 0;
        String worstName = "";

        // when every hostile value is sent in a batch
        for (HostileBatches.Case hostile : HostileBatches.cases()) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = send(
                    "PUT", stack.warehouse().resolve("/api/loads/" + loadId + "/batches/0"), hostile.batch("probe-1"));
            long millis = (System.nanoTime() - t0) / 1_000_000;

            // then each is a 400 naming the field, nothing is staged, and the warehouse stays ready
            assertThat(r.statusCode()).as("%s: %s", hostile, r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body())
                            .path("errors")
                            .get(0)
                            .path("field")
                            .asText())
                    .startsWith(hostile.field());
            if (millis > worst) {
                worst = millis;
                worstName = hostile.name();
            }
        }
        assertThat(get(stack.warehouse().resolve("/api/loads/" + loadId))
                        .path("batches")
                        .asInt())
                .isZero();
        assertThat(send("GET", stack.warehouse().resolve("/q/health/ready")).statusCode())
                .isEqualTo(200);
        assertThat(fingerprint()).isEqualTo(truth);
        send("POST", stack.warehouse().resolve("/api/loads/" + loadId + "/abort"));
        OUTCOMES.add(String.format(
                Locale.ROOT,
                "%-62s every one 400 naming the field; slowest %d ms (%s)",
                HostileBatches.cases().size() + " hostile batches at the packaged warehouse",
                worst,
                worstName));
    }

    @Test
    @Order(9)
    void outOfMemoryInARunEndsItFailedAndChangesNothing() throws Exception {
        // given a source whose first page (one record padded to 48 MB) ingest may read but cannot hold in a 64 MiB heap
        byte[] page = ("{\"results\":[{\"id\":\"huge\",\"user_id\":\"u\",\"amount\":\"1.00\",\"status\":\"active\","
                        + "\"created_at\":\"2026-11-18T10:00:00Z\",\"pad\":\"" + "x".repeat(48 * 1024 * 1024) + "\"}]}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        com.sun.net.httpserver.HttpServer source =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/big", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, page.length);
            try (var out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        source.start();
        stack.restart(
                "ingest-service",
                Map.of(
                        "INGEST_SOURCE_URL",
                        "http://127.0.0.1:" + source.getAddress().getPort() + "/big",
                        "INGEST_SOURCE_MAX_PAGE_BYTES",
                        "100M",
                        "INGEST_SOURCE_PAGE_DEADLINE",
                        "20s",
                        "INGEST_SOURCE_RETRY_MAX_ATTEMPTS",
                        "2"),
                List.of("-Xmx64m"));
        try {
            // when a run reads it
            JsonNode run = client.awaitRun(client.startRun(), Duration.ofMinutes(3), POLL);

            // then the run ends FAILED (not RUNNING forever), its load is aborted, and nothing changed
            assertThat(run.path("status").asText()).as("%s", run).isEqualTo("FAILED");
            assertThat(get(stack.warehouse()
                                    .resolve("/api/loads/" + run.path("loadId").asText()))
                            .path("status")
                            .asText())
                    .isEqualTo("ABORTED");
            assertThat(fingerprint()).isEqualTo(truth);
            OUTCOMES.add(String.format(
                    Locale.ROOT,
                    "%-62s FAILED: %s; load aborted, snapshot unchanged",
                    "out of memory in a run (-Xmx64m, a 48 MB page)",
                    run.path("error").asText()));
        } finally {
            source.stop(0);
            stack.restart("ingest-service");
        }
    }

    @Test
    @Order(10)
    void reportKilledAfterSmtpAcceptedTheMailSendsTheWeekAgainWithTheSameMessageId() throws Exception {
        // given report-service on a Tuesday cron (a week not sent yet) whose SMTP server takes the mail and never says
        // so
        LocalDate end = lastFiring(DayOfWeek.TUESDAY);
        LocalDate from = end.minusDays(7);
        Map<String, String> tuesdays = Map.of("REPORT_SCHEDULE_CRON", "0 0 6 ? * TUE");
        try (BlackHoleSmtp hole = BlackHoleSmtp.start()) {
            Map<String, String> intoTheHole = new java.util.HashMap<>(tuesdays);
            intoTheHole.put("QUARKUS_MAILER_PORT", Integer.toString(hole.port()));
            stack.restart("report-service", intoTheHole);

            // when the catch-up has sent the week (the server has it) and report-service dies before it hears back
            await().atMost(Duration.ofMinutes(1)).until(() -> !hole.messages().isEmpty());
            long t0 = System.nanoTime();
            stack.kill("report-service");

            // then, restarted on a working SMTP server, it sends the week again once the claim lapses: twice, never
            // zero times, and both copies carry the same Message-ID
            GreenMail smtp = stack.restartSmtp();
            stack.restart("report-service", tuesdays);
            await().atMost(Duration.ofMinutes(2)).until(() -> smtp.getReceivedMessages().length >= 1);
            double again = (System.nanoTime() - t0) / 1e9;
            await().during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> smtp.getReceivedMessages().length == 1);
            String expected = "<weekly." + from + "." + end + "@daily-etl>";
            assertThat(BlackHoleSmtp.messageId(hole.messages().get(0))).isEqualTo(expected);
            assertThat(smtp.getReceivedMessages()[0].getHeader("Message-ID")).containsExactly(expected);
            assertThat(delivery(from).path("status").asText()).isEqualTo("SENT");
            OUTCOMES.add(String.format(
                    Locale.ROOT,
                    "%-62s sent twice, same Message-ID, the second %.1f s after the kill",
                    "report-service kill -9 after SMTP accepted, before SENT",
                    again));
        } finally {
            stack.restart("report-service");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The day of the most recent 06:00 UTC firing of a weekly cron on {@code day}: the end of the week it sends. */
    private static LocalDate lastFiring(DayOfWeek day) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LocalDate end = now.toLocalDate().with(TemporalAdjusters.previousOrSame(day));
        return end.equals(now.toLocalDate()) && now.getHour() < 6 ? end.minusWeeks(1) : end;
    }

    /** The newest delivery of the weekly report for the window starting at {@code from}. */
    private static JsonNode delivery(LocalDate from) throws Exception {
        for (JsonNode d : get(stack.warehouse().resolve("/api/report-deliveries?report=weekly&limit=50"))) {
            if (from.toString().equals(d.path("from").asText())) {
                return d;
            }
        }
        return JSON.missingNode();
    }

    private static void assertExact(JsonNode run) {
        assertThat(StackClient.runProblems(run, expected)).as("run %s", run).isEmpty();
    }

    /**
     * Waits for the run, checks it ended exact and left the snapshot identical to the truth, records the outcome;
     * answers the run.
     */
    private static JsonNode recoveredExactly(String runId, String fault, long t0) throws Exception {
        JsonNode run = client.awaitRun(runId, Duration.ofMinutes(4), POLL);
        assertExact(run);
        assertThat(fingerprint()).isEqualTo(truth);
        outcome(fault, run, t0);
        return run;
    }

    private static void outcome(String fault, JsonNode run, long t0) throws SQLException {
        OUTCOMES.add(String.format(
                Locale.ROOT,
                "%-62s SUCCEEDED after %d attempt(s), %.1f s from the fault; "
                        + "loaded %d (expected %d), snapshot rows %d: lost 0, doubled 0",
                fault,
                run.path("attempts").size(),
                (System.nanoTime() - t0) / 1e9,
                run.path("loaded").asLong(),
                expected.path("loaded").asLong(),
                snapshotRows()));
    }

    /** Starts a run on slowed pages and waits until it has staged {@code batches}; answers its run id and load id. */
    private static String[] runWithBatchesStaged(int batches) throws Exception {
        slowPages(150);
        String runId = client.startRun();
        String loadId =
                get(stack.ingest().resolve("/api/runs/" + runId)).path("loadId").asText();
        await().atMost(Duration.ofMinutes(1)).until(() -> batchesStaged(loadId) >= batches);
        return new String[] {runId, loadId};
    }

    /** Starts a run and waits until its commit is inside the merge, held by the row {@link #lockAChangedRow} locked. */
    private static String runWithItsMergeHeld() throws Exception {
        String runId = client.startRun();
        await().atMost(Duration.ofMinutes(2)).until(FaultSuiteTest::mergeIsWaiting);
        return runId;
    }

    private static void slowPages(long latencyMs) throws Exception {
        HttpResponse<String> r =
                send("PUT", stack.demoSource().resolve("/admin/faults"), "{\"latencyMs\":" + latencyMs + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static int batchesStaged(String loadId) throws Exception {
        HttpResponse<String> r = send("GET", stack.warehouse().resolve("/api/loads/" + loadId));
        return r.statusCode() == 200 ? JSON.readTree(r.body()).path("batches").asInt() : 0;
    }

    /**
     * Changes one snapshot row (so the next run's merge must change it back) and locks it in {@code holder}'s open
     * transaction, so that merge waits inside its UPDATE until the lock goes. Answers the row's id.
     */
    private static String lockAChangedRow(Connection holder) throws SQLException {
        String id;
        try (Statement st = holder.createStatement();
                ResultSet rs = st.executeQuery("update daily_snapshot set amount = amount + 1 "
                        + "where id = (select min(id) from daily_snapshot) returning id")) {
            rs.next();
            id = rs.getString(1);
        }
        holder.setAutoCommit(false);
        try (Statement st = holder.createStatement()) {
            st.execute("select 1 from daily_snapshot where id = '" + id.replace("'", "''") + "' for update");
        }
        return id;
    }

    private static boolean mergeIsWaiting() {
        try (Connection c = pg.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                        + "and query like 'update daily_snapshot d set%'")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String fingerprint() throws SQLException {
        try (Connection c = pg.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*), coalesce(sum(amount), 0), md5(coalesce(string_agg("
                        + "id || '|' || user_id || '|' || amount || '|' || status || '|' || created_at || '|' || attributes::text, "
                        + "',' order by id), '')) from daily_snapshot")) {
            rs.next();
            return rs.getLong(1) + " rows, sum " + rs.getBigDecimal(2) + ", md5 " + rs.getString(3);
        }
    }

    private static long snapshotRows() throws SQLException {
        try (Connection c = pg.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from daily_snapshot")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode get(URI uri) throws IOException, InterruptedException {
        return client.get(uri);
    }

    private static HttpResponse<String> send(String method, URI uri) throws IOException, InterruptedException {
        return client.call(method, uri, null, Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(String method, URI uri, String body)
            throws IOException, InterruptedException {
        return client.call(method, uri, body, Duration.ofSeconds(60));
    }
}
