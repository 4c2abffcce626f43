package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.Docs;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Ingest pulling the demo-source's three providers as three sources, end to end as deployed: acme (bearer token, page
 * numbers), globex (API key, cursor, its own field names) and initech (OAuth2 client credentials, Link header, its own
 * field names), whose ids collide. Every answer is checked against the demo-source's own truth per provider and
 * across them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralSourcesEndToEndTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 11, 16);
    private static TestDatabase db;
    private static Stack stack;
    private static StackClient client;
    private static int records;
    private static int demoExitCode;
    private static String demoPrinted;

    @BeforeAll
    static void startTheSystemAndRunTheDemo() {
        Path root = io.dailyetl.testing.ServiceProcess.repositoryRoot();
        Path work = root.resolve("devstack/target/several-sources");
        db = TestDatabase.startEmbedded(0);
        // as ./pipeline demo (its token, its 10,000 records per provider), on free ports in its own folder
        Stack.Options demo = Stack.Options.demo(root).withProviders();
        records = demo.records();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pipeline pipeline = new Pipeline(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        long t0 = System.nanoTime();
        stack = Stack.start(
                new Stack.Options(
                                root,
                                work,
                                false,
                                demo.token(),
                                demo.records(),
                                demo.pageSize(),
                                db.login(),
                                demo.services())
                        .withProviders()
                        // batches of 500 records, so that a run of 10,000 stages some 19 of them before its commit
                        .with(
                                "ingest-service",
                                new Stack.Service(
                                        Stack.Service.INGEST.jvmOptions(), Map.of("INGEST_BATCH_SIZE", "500"))),
                pipeline::say);
        client = new StackClient(stack);
        demoExitCode = pipeline.demo(stack, t0);
        demoPrinted = out.toString(StandardCharsets.UTF_8)
                .replace(root.relativize(work).toString(), ".pipeline")
                .replace(stack.demoSource().toString(), "http://localhost:8090");
        System.out.println("[sources demo]\n" + demoPrinted);
    }

    @AfterAll
    static void stopTheSystem() {
        if (stack != null) {
            stack.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void noFaults() throws Exception {
        for (String p : Stack.PROVIDERS) {
            client.demoPut("/admin/providers/" + p + "/faults", "{}");
        }
    }

    @Test
    @Order(0)
    void theDemoPullsTheThreeProvidersAndPrintsWhatReadmeShows() {
        // (the demo itself checks each run against its provider's truth and the CSV against the truth of all three)
        assertThat(demoExitCode)
                .as("exit code of the demo; it printed:%n%s", demoPrinted)
                .isZero();
        String shown = Docs.example("demo-output");
        List<String> lines = demoPrinted.strip().lines().toList();
        List<String> expected = shown.strip().lines().toList();
        int start = 0;
        while (start < lines.size() && !Docs.lineMatches(expected.get(0), lines.get(start))) {
            start++;
        }
        assertThat(start)
                .as("README's first demo line %s in:%n%s", expected.get(0), demoPrinted)
                .isLessThan(lines.size());
        String window = String.join("\n", lines.subList(start, lines.size()));
        assertThat(Docs.firstMismatch(shown, window))
                .as(
                        "first line of the demo's output that README's block does not show (-1: none); printed:%n%s",
                        window)
                .isEqualTo(-1);
    }

    @Test
    @Order(1)
    void threeProvidersRunAtOnceAndTheReportEqualsTheirTruthTogether() throws Exception {
        // given pages that take a while, so that the three runs overlap
        for (String p : Stack.PROVIDERS) {
            client.demoPut("/admin/providers/" + p + "/faults", "{\"latencyMs\":40}");
        }

        // when all three sources are started at once
        Map<String, JsonNode> runs = runAll();

        // then each run is exact against its provider's truth and names nothing of the others
        for (String p : Stack.PROVIDERS) {
            assertThat(StackClient.runProblems(runs.get(p), client.demo("/api/expected/counts?provider=" + p)))
                    .as("%s run %s", p, runs.get(p))
                    .isEmpty();
            assertThat(runs.get(p).path("source").asText())
                    .as("the run names its source")
                    .isEqualTo(p);
        }
        // and they ran at the same time: each started before every other ended
        for (String a : Stack.PROVIDERS) {
            for (String b : Stack.PROVIDERS) {
                assertThat(instant(runs.get(a), "startedAt"))
                        .as("%s started before %s ended", a, b)
                        .isBefore(instant(runs.get(b), "finishedAt"));
            }
        }
        // and the ids they share are kept apart: per source, the snapshot holds exactly each provider's state
        for (String p : Stack.PROVIDERS) {
            assertSnapshotOf(p, client.demo("/api/expected/state?provider=" + p));
        }
        assertThat(sharedIds("acme", "globex")).isGreaterThan(records / 2);

        // when the weekly report is emailed
        String to = "sources@example.com";
        JsonNode report = client.weeklyReport(WEEK.plusDays(7), List.of(to), true);

        // then its CSV sums each user's spend across the three sources, exactly as the demo-source's truth does
        JsonNode truth = client.demo("/api/expected/user-spend?provider=all&from=" + WEEK + "&to=" + WEEK.plusDays(7)
                + "&status=active&zone=UTC");
        List<String> expected = StackClient.expectedCsv(truth);
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(StackClient.csvRecords(StackClient.csvAttachment(mailTo(to))))
                .containsExactlyElementsOf(expected);
        assertThat(report.path("total").asText()).isEqualTo(truth.path("total").asText());
        // and the analytics of one source are that provider's alone
        JsonNode globex = client.get(stack.warehouse()
                .resolve("/api/analytics/user-spend?from=" + WEEK + "&to=" + WEEK.plusDays(7) + "&source=globex"));
        JsonNode globexTruth = client.demo("/api/expected/user-spend?provider=globex&from=" + WEEK + "&to="
                + WEEK.plusDays(7) + "&status=active&zone=UTC");
        assertThat(globex.path("total").asText())
                .isEqualTo(globexTruth.path("total").asText());
        assertThat(globex.path("users").asLong())
                .isEqualTo(globexTruth.path("users").asLong());
    }

    @Test
    @Order(2)
    void aProviderThatAnswers500ForTheWholeRunFailsOnlyItsOwnRun() throws Exception {
        // given globex failing every page request
        client.demoPut("/admin/providers/globex/faults", "{\"errorRate\":1}");
        JsonNode spendBefore = client.userSpend(WEEK, WEEK.plusDays(7));

        // when the three sources run
        Map<String, JsonNode> runs = runAll();

        // then globex's run failed, naming its source, and the other two succeeded exactly
        JsonNode globex = runs.get("globex");
        assertThat(globex.path("status").asText()).isEqualTo("FAILED");
        assertThat(globex.path("errorKind").asText()).isEqualTo("SOURCE");
        assertThat(globex.path("error").asText()).contains("/providers/globex/").contains("500");
        for (String p : List.of("acme", "initech")) {
            assertThat(StackClient.runProblems(runs.get(p), client.demo("/api/expected/counts?provider=" + p)))
                    .as("%s run", p)
                    .isEmpty();
        }
        // and, the data being the same, no total moved, globex's rows included
        assertThat(client.userSpend(WEEK, WEEK.plusDays(7))).isEqualTo(spendBefore);
        assertSnapshotOf("globex", client.demo("/api/expected/state?provider=globex"));
    }

    @Test
    @Order(3)
    void accessTokensThatExpireDuringARunAreRenewedBeforeTheyExpireAndNothingIsFetchedTwice() throws Exception {
        // given initech's 2-second tokens and pages slowed down so that its run lasts several of them
        client.demoPut("/admin/providers/initech/faults", "{\"latencyMs\":60}");
        JsonNode before = client.demo("/admin/providers/initech/stats");
        JsonNode truth = client.demo("/api/expected/counts?provider=initech");

        // when its run runs
        JsonNode run = client.awaitRun(client.startRun("initech"), Duration.ofMinutes(3), Duration.ofMillis(200));

        // then it ended exact, with new tokens got along the way and none used after it expired
        assertThat(StackClient.runProblems(run, truth)).as("run %s", run).isEmpty();
        JsonNode after = client.demo("/admin/providers/initech/stats");
        assertThat(after.path("tokensIssued").asLong()
                        - before.path("tokensIssued").asLong())
                .as("tokens got during a run of %s to %s", run.path("startedAt"), run.path("finishedAt"))
                .isGreaterThanOrEqualTo(2);
        assertThat(after.path("expiredTokensRefused").asLong())
                .as("page requests with an expired token")
                .isEqualTo(before.path("expiredTokensRefused").asLong());
        // and every record was served once
        assertThat(after.path("records").asLong() - before.path("records").asLong())
                .isEqualTo(truth.path("fetched").asLong());
    }

    @Test
    @Order(4)
    void anAccessTokenRefusedInTheMiddleOfARunIsRenewedAndNothingIsFetchedTwiceOrLost() throws Exception {
        // given initech's pages slowed down, and its counters before the run
        client.demoPut("/admin/providers/initech/faults", "{\"latencyMs\":100}");
        JsonNode before = client.demo("/admin/providers/initech/stats");
        JsonNode truth = client.demo("/api/expected/counts?provider=initech");

        // when its run is past its first pages, every token the provider issued is revoked
        String runId = client.startRun("initech");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> client.demo("/admin/providers/initech/stats")
                                .path("requests")
                                .asLong()
                        >= before.path("requests").asLong() + 3);
        client.demoPost("/admin/providers/initech/tokens/revoke");
        JsonNode run = client.awaitRun(runId, Duration.ofMinutes(3), Duration.ofMillis(200));

        // then the run got a new token and ended exact
        assertThat(StackClient.runProblems(run, truth)).as("run %s", run).isEmpty();
        JsonNode after = client.demo("/admin/providers/initech/stats");
        assertThat(after.path("tokensIssued").asLong())
                .as("tokens issued")
                .isGreaterThan(before.path("tokensIssued").asLong());
        // and every record was served once: the records the provider served equal the run's fetched
        assertThat(after.path("records").asLong() - before.path("records").asLong())
                .isEqualTo(truth.path("fetched").asLong());
        assertThat(after.path("requests").asLong() - before.path("requests").asLong())
                .as("pages served")
                .isEqualTo(run.path("pages").asLong());
    }

    @Test
    @Order(5)
    void aSourceIsListedWithItsLastRunAndWatermark() throws Exception {
        // when ingest lists its sources
        JsonNode sources = client.get(stack.ingest().resolve("/api/sources"));

        // then the three are there, each with its own last run
        assertThat(sources).hasSize(3);
        for (JsonNode source : sources) {
            assertThat(source.path("name").asText()).isIn(Stack.PROVIDERS);
            assertThat(source.path("lastRun").isMissingNode()
                            || source.path("lastRun").isNull())
                    .as("%s has a last run", source)
                    .isFalse();
        }
    }

    @Test
    @Order(6)
    void theWarehouseKilledWhileThreeSourcesStageLosesNothingInAny() throws Exception {
        // given the three sources' runs going at once, each with batches staged (pages slowed so they are)
        for (String p : Stack.PROVIDERS) {
            client.demoPut("/admin/providers/" + p + "/faults", "{\"latencyMs\":50}");
        }
        Map<String, JsonNode> before = new LinkedHashMap<>();
        for (String p : Stack.PROVIDERS) {
            before.put(p, client.demo("/admin/providers/" + p + "/stats"));
        }
        Map<String, String> ids = new LinkedHashMap<>();
        for (String p : Stack.PROVIDERS) {
            ids.put(p, client.startRun(p));
        }
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    for (String p : Stack.PROVIDERS) {
                        long served = client.demo("/admin/providers/" + p + "/stats")
                                        .path("records")
                                        .asLong()
                                - before.get(p).path("records").asLong();
                        if (served < 2000) {
                            return false;
                        }
                    }
                    return true;
                });

        // when the warehouse is killed (kill -9) and started again
        stack.kill("warehouse-service");
        stack.restart("warehouse-service");
        for (String p : Stack.PROVIDERS) {
            client.demoPut("/admin/providers/" + p + "/faults", "{}");
        }

        // then every run ends exact, and each source's rows in the snapshot are exactly its provider's
        for (var e : ids.entrySet()) {
            JsonNode run = client.awaitRun(e.getValue(), Duration.ofMinutes(5), Duration.ofMillis(500));
            assertThat(StackClient.runProblems(run, client.demo("/api/expected/counts?provider=" + e.getKey())))
                    .as("%s run %s", e.getKey(), run)
                    .isEmpty();
            System.out.printf(
                    "[sources] warehouse kill -9 with three runs staging: %s ended %s after %d attempt(s)%n",
                    e.getKey(),
                    run.path("status").asText(),
                    run.path("attempts").size());
        }
        for (String p : Stack.PROVIDERS) {
            assertSnapshotOf(p, client.demo("/api/expected/state?provider=" + p));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static Map<String, JsonNode> runAll() throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String p : Stack.PROVIDERS) {
            ids.put(p, client.startRun(p));
        }
        Map<String, JsonNode> runs = new LinkedHashMap<>();
        for (var e : ids.entrySet()) {
            runs.put(e.getKey(), client.awaitRun(e.getValue(), Duration.ofMinutes(3), Duration.ofMillis(200)));
        }
        return runs;
    }

    private static Instant instant(JsonNode run, String field) {
        return Instant.parse(run.path(field).asText());
    }

    private static void assertSnapshotOf(String source, JsonNode truth) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement("select count(*), coalesce(sum(amount), 0), "
                        + "count(*) filter (where status = 'active'), count(*) filter (where status = 'pending'), "
                        + "count(*) filter (where status = 'refunded') from daily_snapshot where source = ?")) {
            st.setString(1, source);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1))
                        .as("%s ids", source)
                        .isEqualTo(truth.path("ids").asLong());
                assertThat(rs.getBigDecimal(2))
                        .as("%s total", source)
                        .isEqualByComparingTo(new BigDecimal(truth.path("total").asText()));
                assertThat(List.of(rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                        .as("%s ids per status", source)
                        .containsExactly(
                                truth.path("statuses").path("active").asLong(),
                                truth.path("statuses").path("pending").asLong(),
                                truth.path("statuses").path("refunded").asLong());
            }
        }
    }

    private static long sharedIds(String a, String b) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement("select count(*) from daily_snapshot x join daily_snapshot y"
                        + " on x.id = y.id where x.source = ? and y.source = ?")) {
            st.setString(1, a);
            st.setString(2, b);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static MimeMessage mailTo(String address) throws Exception {
        for (MimeMessage m : stack.smtp().getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                return m;
            }
        }
        throw new AssertionError("no mail to " + address);
    }
}
