package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.docs.DocClaims;
import io.dailyetl.testing.docs.Docs;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Test data and calls shared by ingest's tests: source pages, runs, and a look at the real warehouse. */
public final class Fixtures {

    public static final String TOKEN = WarehouseProcess.TOKEN;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate BASE =
            LocalDate.of(2200, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 250_000));
    private static final AtomicInteger WEEKS = new AtomicInteger();

    private Fixtures() {}

    public static WireMockServer source() {
        return SourceResource.server();
    }

    public static RequestSpecification api() {
        return given().auth().oauth2(TOKEN);
    }

    /** A week of days that belongs to the caller alone (with a free week after it). */
    public static LocalDate uniqueWeek() {
        return BASE.plusWeeks(2L * WEEKS.incrementAndGet());
    }

    public static String uniquePrefix() {
        return UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** A source record with the default field names. */
    public static Map<String, Object> tx(String id, String user, Object amount, String status, String createdAt) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("user_id", user);
        r.put("amount", amount);
        r.put("status", status);
        r.put("created_at", createdAt);
        return r;
    }

    /** {@code n} clean records, ids prefix0…, one user, amount i+1, all on the given day. */
    public static List<Map<String, Object>> clean(String prefix, int n, LocalDate day) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(tx(prefix + i, prefix + "user", (i + 1) + ".00", "active", day + "T10:00:00Z"));
        }
        return list;
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stubs the page style: page N (from 1) serves pages.get(N-1); the page after the last is empty. */
    public static void servePages(List<List<Map<String, Object>>> pages) {
        for (int i = 0; i <= pages.size(); i++) {
            List<Map<String, Object>> records = i < pages.size() ? pages.get(i) : List.of();
            source().stubFor(get(urlPathEqualTo("/transactions"))
                    .withQueryParam("page", WireMock.equalTo(Integer.toString(i + 1)))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody(json(Map.of("results", records)))));
        }
    }

    /** Starts a run and answers its id. */
    public static String startRun() {
        return api().when().post("/api/runs").then().statusCode(202).extract().path("runId");
    }

    /** Starts a run of the named source ({@code {"source": …}}) and answers its id. */
    public static String startRun(String source) {
        return api().contentType("application/json")
                .body(Map.of("source", source))
                .when()
                .post("/api/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
    }

    /** Waits until the run is no longer RUNNING and answers its final view. */
    public static Map<String, Object> awaitRun(String runId) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !"RUNNING"
                        .equals(api().get("/api/runs/{id}", runId)
                                .then()
                                .extract()
                                .path("status")));
        return api().get("/api/runs/{id}", runId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    /** The real warehouse's REST API (RestAssured against its own port). */
    public static RequestSpecification warehouse() {
        return RestAssured.given()
                .baseUri(WarehouseProcess.shared().url().toString())
                .auth()
                .oauth2(TOKEN);
    }

    /** The warehouse's user-spend answer for a window (JSON). */
    public static JsonPath spend(LocalDate from, LocalDate to) {
        return warehouse()
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Rows in a load's staging table (0 before it exists and after it is gone), read straight from PostgreSQL. */
    public static long stagedRows(String loadId) {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from staging.load_" + loadId.replace("-", ""))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // not created yet, or already gone
        }
    }

    /** Runs a statement as the database's superuser (what a crash or an operator would do behind the warehouse). */
    public static void sql(String statement) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /** Asserts that {@code actual} shows every text the docs row {@code key} quotes ("…" in a quote is any text). */
    public static void assertShowsQuotes(String actual, String key) {
        List<String> quotes = DocClaims.quoted(key);
        assertThat(quotes).as("the texts %s quotes", key).isNotEmpty();
        for (int i = 0; i < quotes.size(); i++) {
            assertShowsQuote(actual, key, i);
        }
    }

    /** Asserts that {@code actual} shows the {@code index}th text the docs row {@code key} quotes. */
    public static void assertShowsQuote(String actual, String key, int index) {
        String quote = DocClaims.quoted(key).get(index);
        assertThat(actual).as("\"%s\" of the row %s", quote, key).isNotNull();
        assertThat(Docs.contains(actual, quote))
                .as("%s shows \"%s\" (the row %s)", actual, quote, key)
                .isTrue();
    }
}
