package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.testing.TestDatabase;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Incremental runs of the whole system against the demo-source's changing world: its own PostgreSQL, the packaged
 * services as processes, real HTTP. Day 0 is pulled in full; then, day by day, each run asks only for what changed
 * since the watermark less the look-back, in every pagination style once, and must leave the snapshot equal to the
 * source's truth ({@code /api/expected/state}), with the run's counts equal to what the source says that window holds
 * ({@code /api/expected/counts?updated_since=…}) and the source having served no more records than that. Then a skipped
 * day, a warehouse killed during a commit, a backfill window and a full pull.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncrementalEndToEndTest {

    private static final Duration LOOK_BACK = Duration.ofHours(1);
    private static TestDatabase db;
    private static Stack stack;
    private static StackClient client;

    @BeforeAll
    static void startTheSystem() {
        Path root = io.dailyetl.testing.ServiceProcess.repositoryRoot();
        db = TestDatabase.startEmbedded(0);
        Stack.Options options = new Stack.Options(
                        root, root.resolve("devstack/target/incremental"), false, "incr-token", 3000, 100, db.login())
                .with(
                        "demo-source",
                        new Stack.Service(Stack.Service.DEFAULT.jvmOptions(), Map.of("DEMO_WORLD", "changing")))
                .with(
                        "ingest-service",
                        new Stack.Service(
                                Stack.Service.INGEST.jvmOptions(),
                                Map.of(
                                        "INGEST_BATCH_SIZE", "100",
                                        "INGEST_SOURCE_INCREMENTAL_ENABLED", "true",
                                        "INGEST_SOURCE_INCREMENTAL_FIELD", "updated_at",
                                        "INGEST_SOURCE_INCREMENTAL_UNTIL_PARAM", "updated_before")));
        stack = Stack.start(options, message -> System.out.println("[incremental] " + message));
        client = new StackClient(stack);
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

    @Test
    @Order(1)
    void firstRunPullsEverythingAndEndsExact() throws Exception {
        // given day 0 of the changing world and no watermark
        assertThat(call("GET", stack.warehouse().resolve("/api/sources/transactions/watermark"), null)
                        .statusCode())
                .isEqualTo(404);

        // when the first run runs
        JsonNode run = client.runIngest(Duration.ofMinutes(3));

        // then it pulled everything: the counts and the snapshot are the source's
        assertThat(run.path("pull").path("mode").asText()).isEqualTo("FULL");
        assertThat(StackClient.runProblems(run, client.demo("/api/expected/counts")))
                .as("run %s", run)
                .isEmpty();
        assertSnapshotIsTheSourcesTruth();
        assertThat(watermark()).isNotNull();
    }

    @Test
    @Order(2)
    void eachNextDayPullsOnlyWhatChangedInEveryPaginationStyle() throws Exception {
        for (Map.Entry<String, Map<String, String>> style : styles().entrySet()) {
            // given a new day at the source (records created and changed), and ingest reading it in this style
            JsonNode day = advance();
            if (!style.getKey().equals("page")) {
                stack.restart("ingest-service", style.getValue());
            }

            // when the day's run runs
            IncrementalDay result = runIncrementalDay();

            // then it asked from the watermark less the look-back, fetched exactly that window, and ends exact
            assertThat(result.run.path("inserted").asLong())
                    .as("%s: new ids of day %s", style.getKey(), day)
                    .isEqualTo(day.path("created").asLong());
            assertThat(result.run.path("updated").asLong())
                    .as("%s: changed ids", style.getKey())
                    .isPositive()
                    .isLessThanOrEqualTo(day.path("updated").asLong());
            assertThat(result.served)
                    .as("%s: records the source served", style.getKey())
                    .isEqualTo(result.run.path("fetched").asLong())
                    .isLessThan(day.path("records").asLong() / 5);
        }
        stack.restart("ingest-service");
    }

    @Test
    @Order(3)
    void skippedDaysNeedNothingSpecialTheNextRunCatchesUp() throws Exception {
        // given two days at the source without a run
        long created =
                advance().path("created").asLong() + advance().path("created").asLong();

        // when the next run runs, it asks from the watermark and gets both days, exact
        IncrementalDay result = runIncrementalDay();
        assertThat(result.run.path("inserted").asLong()).isEqualTo(created);
    }

    @Test
    @Order(4)
    void warehouseKilledDuringTheCommitLeavesTheWatermarkAndTheRunEndsExactOnTheSameWindow() throws Exception {
        // given a new day, and the run's commit held inside its merge: one of the day's new ids is being inserted
        // by another, open transaction, so the merge's insert of it waits
        advance();
        Instant before = watermark();
        Instant since = before.minus(LOOK_BACK);
        String runId;
        String loadId;
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement ps =
                    holder.prepareStatement("insert into daily_snapshot (source, id, user_id, amount, "
                            + "status, created_at, load_id, first_seen_at, updated_at) values ('transactions', ?, "
                            + "'holder', 0, 'active', now(), gen_random_uuid(), now(), now())")) {
                ps.setString(1, aNewIdOfTheDay(since));
                ps.executeUpdate();
            }
            runId = client.startRun();
            loadId = client.get(stack.ingest().resolve("/api/runs/" + runId))
                    .path("loadId")
                    .asText();
            await().atMost(Duration.ofMinutes(2)).until(IncrementalEndToEndTest::mergeIsWaiting);

            // when the warehouse is killed with kill -9 in the middle of that commit
            stack.kill("warehouse-service");
            holder.rollback(); // the orphaned merge goes on, finds its client gone, and rolls back
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> !mergeIsWaiting());

        // then the watermark is still the day before's: it moves with the data or not at all
        assertThat(storedWatermark()).isEqualTo(before);

        // and once the warehouse is back the run ends exact, on the window it decided at its start
        stack.restart("warehouse-service");
        JsonNode run = client.awaitRun(runId, Duration.ofMinutes(5), Duration.ofMillis(200));
        assertThat(run.path("pull").path("since").asText()).as("run %s", run).isEqualTo(since.toString());
        assertThat(StackClient.runProblems(run, client.demo("/api/expected/counts?updated_since=" + enc(since))))
                .as("run %s", run)
                .isEmpty();
        assertSnapshotIsTheSourcesTruth();
        JsonNode mark = client.get(stack.warehouse().resolve("/api/sources/transactions/watermark"));
        assertThat(Instant.parse(mark.path("watermark").asText())).isAfter(before);
        assertThat(mark.path("loadId").asText()).isEqualTo(run.path("loadId").asText());
        assertThat(Instant.parse(mark.path("history").path(0).path("previous").asText()))
                .isEqualTo(before);
        System.out.printf(
                "[incremental] warehouse kill -9 during the commit of load %s: run ended %s after %d attempt(s)%n",
                loadId, run.path("status").asText(), run.path("attempts").size());
    }

    @Test
    @Order(5)
    void backfillOfAPastWindowIsExactAndLeavesTheWatermark() throws Exception {
        // given the world's day 1 (its date) and the watermark now
        Instant before = watermark();
        Instant from = Instant.parse("2026-11-24T00:00:00Z");
        Instant to = from.plus(Duration.ofDays(1));
        resetStats();

        // when that day's window is pulled again
        JsonNode run = client.awaitRun(
                start("{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}"),
                Duration.ofMinutes(3),
                Duration.ofMillis(200));

        // then it fetched what the source holds for that window, changed nothing, and left the watermark
        assertThat(run.path("pull").path("mode").asText()).isEqualTo("BACKFILL");
        JsonNode expected =
                client.demo("/api/expected/counts?updated_since=" + enc(from) + "&updated_before=" + enc(to));
        assertThat(StackClient.runProblems(run, expected)).as("run %s", run).isEmpty();
        assertThat(run.path("fetched").asLong())
                .isPositive()
                .isEqualTo(client.demo("/admin/stats").path("records").asLong());
        assertThat(run.path("inserted").asLong() + run.path("updated").asLong()).isZero();
        assertThat(watermark()).isEqualTo(before);
        assertSnapshotIsTheSourcesTruth();
    }

    @Test
    @Order(6)
    void fullPullIsExactAndNeverMovesTheWatermarkBack() throws Exception {
        Instant before = watermark();

        JsonNode run = client.awaitRun(start("{\"full\":true}"), Duration.ofMinutes(3), Duration.ofMillis(200));

        assertThat(run.path("pull").path("mode").asText()).isEqualTo("FULL");
        assertThat(StackClient.runProblems(run, client.demo("/api/expected/counts")))
                .as("run %s", run)
                .isEmpty();
        assertThat(run.path("inserted").asLong() + run.path("updated").asLong()).isZero();
        assertThat(watermark()).isEqualTo(before);
        assertSnapshotIsTheSourcesTruth();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** A run of one day: its view and how many records the source served it. */
    private record IncrementalDay(JsonNode run, long served) {}

    /** Runs one incremental day and checks what every such day must satisfy; answers the run and the records served. */
    private static IncrementalDay runIncrementalDay() throws Exception {
        Instant before = watermark();
        Instant since = before.minus(LOOK_BACK);
        JsonNode expected = client.demo("/api/expected/counts?updated_since=" + enc(since));
        resetStats();

        JsonNode run = client.runIngest(Duration.ofMinutes(3));

        assertThat(run.path("pull").path("mode").asText()).as("run %s", run).isEqualTo("INCREMENTAL");
        assertThat(run.path("pull").path("since").asText()).isEqualTo(since.toString());
        assertThat(StackClient.runProblems(run, expected)).as("run %s", run).isEmpty();
        assertThat(run.path("inserted").asLong()
                        + run.path("updated").asLong()
                        + run.path("unchanged").asLong())
                .isEqualTo(run.path("loaded").asLong());
        assertSnapshotIsTheSourcesTruth();
        assertThat(watermark()).isAfter(before);
        assertThat(run.path("pull").path("watermark").asText())
                .isEqualTo(watermark().toString());
        return new IncrementalDay(
                run, client.demo("/admin/stats").path("records").asLong());
    }

    /** The pagination styles, each with the ingest settings that read the demo-source that way. */
    private static Map<String, Map<String, String>> styles() {
        URI base = stack.demoSource();
        Map<String, Map<String, String>> styles = new LinkedHashMap<>();
        styles.put("page", Map.of());
        styles.put(
                "offset",
                Map.of(
                        "INGEST_SOURCE_URL",
                        base.resolve("/api/transactions/offset").toString(),
                        "INGEST_SOURCE_PAGINATION",
                        "offset",
                        "INGEST_SOURCE_PAGE_SIZE",
                        "100"));
        styles.put(
                "cursor",
                Map.of(
                        "INGEST_SOURCE_URL",
                        base.resolve("/api/transactions/cursor").toString(),
                        "INGEST_SOURCE_PAGINATION",
                        "cursor",
                        "INGEST_SOURCE_RECORDS_PATH",
                        "data.items"));
        styles.put(
                "next-link",
                Map.of(
                        "INGEST_SOURCE_URL",
                        base.resolve("/api/transactions/next").toString(),
                        "INGEST_SOURCE_PAGINATION",
                        "next-link"));
        styles.put(
                "link-header",
                Map.of(
                        "INGEST_SOURCE_URL",
                        base.resolve("/api/transactions/linked").toString(),
                        "INGEST_SOURCE_PAGINATION",
                        "link-header"));
        return styles;
    }

    private static JsonNode advance() throws Exception {
        HttpResponse<String> r = call("POST", stack.demoSource().resolve("/admin/world/advance"), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return StackClientJson.read(r.body());
    }

    private static String start(String body) throws Exception {
        HttpResponse<String> r = call("POST", stack.ingest().resolve("/api/runs"), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return StackClientJson.read(r.body()).path("runId").asText();
    }

    private static Instant watermark() throws Exception {
        return Instant.parse(client.get(stack.warehouse().resolve("/api/sources/transactions/watermark"))
                .path("watermark")
                .asText());
    }

    private static void resetStats() throws Exception {
        assertThat(call("POST", stack.demoSource().resolve("/admin/stats/reset"), null)
                        .statusCode())
                .isEqualTo(200);
    }

    /** An id the source created in the window that the snapshot does not hold yet. */
    private static String aNewIdOfTheDay(Instant since) throws Exception {
        JsonNode page = client.demo("/api/transactions?page=1&size=10000&updated_since=" + enc(since));
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("select count(*) from daily_snapshot where id = ?")) {
            for (JsonNode record : page.path("results")) {
                ps.setString(1, record.path("id").asText());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return record.path("id").asText();
                    }
                }
            }
        }
        throw new AssertionError("the day created no id the snapshot lacks");
    }

    /** Whether a statement on daily_snapshot waits for a lock (the merge, held by the test's open insert). */
    private static boolean mergeIsWaiting() {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                        + "and query ilike '%daily_snapshot%' and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The source's watermark as the database holds it (while the warehouse is down). */
    private static Instant storedWatermark() throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("select watermark from source_watermark where source = 'transactions'")) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
    }

    private static HttpResponse<String> call(String method, URI uri, String body) throws Exception {
        return client.call(method, uri, body, Duration.ofSeconds(60));
    }

    private static String enc(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    /** The snapshot's ids, exact total and ids per status equal what the source says a correct snapshot holds now. */
    private static void assertSnapshotIsTheSourcesTruth() throws Exception {
        JsonNode truth = client.demo("/api/expected/state");
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*), coalesce(sum(amount), 0), "
                        + "count(*) filter (where status = 'active'), count(*) filter (where status = 'pending'), "
                        + "count(*) filter (where status = 'refunded') from daily_snapshot")) {
            rs.next();
            assertThat(rs.getLong(1))
                    .as("ids (day %s)", truth.path("day"))
                    .isEqualTo(truth.path("ids").asLong());
            assertThat(rs.getBigDecimal(2))
                    .as("total")
                    .isEqualByComparingTo(new BigDecimal(truth.path("total").asText()));
            assertThat(List.of(rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                    .as("ids per status")
                    .containsExactly(
                            truth.path("statuses").path("active").asLong(),
                            truth.path("statuses").path("pending").asLong(),
                            truth.path("statuses").path("refunded").asLong());
        } catch (SQLException e) {
            throw new AssertionError("could not read the snapshot", e);
        }
    }

    /** JSON of an answer read here. */
    private static final class StackClientJson {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
                new com.fasterxml.jackson.databind.ObjectMapper();

        static JsonNode read(String body) throws Exception {
            return JSON.readTree(body);
        }
    }
}
