package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dailyetl.ingest.Fixtures.api;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.servePages;
import static io.dailyetl.ingest.Fixtures.startRun;
import static io.dailyetl.ingest.Fixtures.tx;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs against a real warehouse and PostgreSQL: nothing lost, last duplicate wins, re-runs change nothing. */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class RunLifecycleTest {

    @BeforeEach
    void resetSource() {
        Fixtures.source().resetAll();
    }

    @Test
    void everyFetchedRecordIsLoadedRejectedOrCountedAsDuplicate() {
        // given three pages: clean records, dirty ones, and an id whose later copy was refunded
        String p = Fixtures.uniquePrefix();
        LocalDate day = Fixtures.uniqueWeek();
        String at = day + "T09:00:00Z";
        List<Map<String, Object>> page1 = List.of(
                tx(p + "1", p + "alice", "10.00", " Active ", at),
                tx(p + "2", p + "bob", 0.1, "active", at),
                tx(p + "3", p + "bob", "0.2", "ACTIVE", day + "T12:00:00+02:00"),
                tx(p + "4", p + "carol", "12,50", "active", at)); // rejected: amount
        Map<String, Object> noStatus = tx(p + "5", p + "carol", "1.00", null, at);
        noStatus.remove("status"); // rejected: status
        Map<String, Object> extra = tx(p + "6", p + "dave", null, "active", day + "T08:00:00");
        extra.put("channel", "web");
        extra.put("meta", Map.of("tags", List.of("a", "b"))); // null amount -> 0, kept attributes
        List<Map<String, Object>> page2 = List.of(
                noStatus,
                extra,
                tx(p + "7", p + "erin", "5.00", "active", "2026-02-30T12:00:00Z"), // rejected: impossible date
                tx(p + "1", p + "alice", "10.00", "refunded", at)); // later copy of 1 wins
        List<Map<String, Object>> page3 = List.of(
                tx(p + "8", p + "erin", "7.25", "active", at),
                tx(p + "2", p + "bob", 0.1, "active", at)); // identical duplicate
        servePages(List.of(page1, page2, page3));

        // when a run reads them
        Map<String, Object> run = awaitRun(startRun());

        // then nothing is lost and the counts add up
        assertThat(run.get("status")).as("run %s", run).isEqualTo("SUCCEEDED");
        assertThat(run)
                .containsEntry("pages", 4)
                .containsEntry("fetched", 10)
                .containsEntry("rejected", 3)
                .containsEntry("duplicates", 2)
                .containsEntry("loaded", 5);
        // and the warehouse holds the last copy of each id: alice's 10.00 is refunded, so not active spend
        var spend = Fixtures.spend(day, day.plusDays(1));
        Map<String, String> totals = totals(spend.getList("rows"), p);
        assertThat(totals)
                .containsExactlyInAnyOrderEntriesOf(Map.of(p + "bob", "0.30", p + "erin", "7.25", p + "dave", "0.00"));
        // and each reject is quarantined with a reason naming the field
        List<String> reasons = Fixtures.warehouse()
                .get("/api/loads/{id}/rejects", (String) run.get("loadId"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("rejects.reason");
        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        "amount: not a number \"12,50\"",
                        "status: required",
                        "created_at: unparseable \"2026-02-30T12:00:00Z\"");
    }

    @Test
    void runningTheSameSourceTwiceChangesNoTotal() {
        String p = Fixtures.uniquePrefix();
        LocalDate day = Fixtures.uniqueWeek();
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            page.add(tx(p + i, p + "u" + (i % 2), (i + 1) + ".10", "active", day + "T1" + i + ":00:00Z"));
        }
        servePages(List.of(page, List.of(tx(p + "0", p + "u0", "100.00", "active", day + "T10:00:00Z"))));

        Map<String, Object> first = awaitRun(startRun());
        String before = Fixtures.spend(day, day.plusDays(1)).prettify();
        Map<String, Object> second = awaitRun(startRun());

        assertThat(first.get("status")).isEqualTo("SUCCEEDED");
        assertThat(second.get("status")).isEqualTo("SUCCEEDED");
        assertThat(second)
                .containsEntry("fetched", 8)
                .containsEntry("loaded", 7)
                .containsEntry("duplicates", 1);
        assertThat(Fixtures.spend(day, day.plusDays(1)).prettify()).isEqualTo(before);
        // u0 = 100.00 (the later copy of id 0) + 3.10 + 5.10 + 7.10; u1 = 2.10 + 4.10 + 6.10
        Map<String, String> totals = totals(Fixtures.spend(day, day.plusDays(1)).getList("rows"), p);
        assertThat(new BigDecimal(totals.get(p + "u0"))).isEqualByComparingTo("115.30");
        assertThat(new BigDecimal(totals.get(p + "u1"))).isEqualByComparingTo("12.30");
    }

    @Test
    void emptyFirstPageSucceedsWithNothing() {
        servePages(List.of());

        Map<String, Object> run = awaitRun(startRun());

        assertThat(run)
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("fetched", 0)
                .containsEntry("loaded", 0)
                .containsEntry("pages", 1);
    }

    @Test
    @Documents("http-api: POST /api/runs 202")
    @Documents("http-api: POST /api/runs 409 conflict")
    void secondTriggerWhileRunningIsRefused() {
        // given a source whose first page is slow
        Fixtures.source()
                .stubFor(get(urlPathEqualTo("/transactions"))
                        .withQueryParam("page", equalTo("1"))
                        .willReturn(aResponse()
                                .withFixedDelay(1500)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"results\":[]}")));

        // when a run is started, it is accepted and answered RUNNING, with where to follow it
        var started = api().when()
                .post("/api/runs")
                .then()
                .statusCode(202)
                .body("status", is("RUNNING"))
                .extract();
        String runId = started.path("runId");
        assertThat(started.header("Location")).endsWith("/api/runs/" + runId);

        // then a second trigger while it runs is refused, naming it
        api().when()
                .post("/api/runs")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:conflict"))
                .body("detail", containsString(runId));
        assertThat(awaitRun(runId).get("status")).isEqualTo("SUCCEEDED");
    }

    @Test
    @Documents("http-api: POST /api/runs 409 conflict")
    @Documents("troubleshooting: `POST /api/runs` answers 409 \"in progress elsewhere\"")
    void runInAnotherReplicaIsRefusedThroughTheWarehouseLease() {
        // given another replica holding the open load of the source
        String other = Fixtures.warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of("source", "transactions", "runId", "other-replica"))
                .post("/api/loads")
                .then()
                .statusCode(201)
                .extract()
                .path("loadId");
        try {
            String detail = api().when()
                    .post("/api/runs")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", is("urn:daily-etl:conflict"))
                    .extract()
                    .path("detail");
            assertThat(detail).contains(other);
            Fixtures.assertShowsQuotes(
                    detail, "troubleshooting: `POST /api/runs` answers 409 \"in progress elsewhere\"");
        } finally {
            Fixtures.warehouse().post("/api/loads/{id}/abort", other).then().statusCode(200);
        }
    }

    @Test
    @Documents("http-api: GET /api/runs 200")
    void runsAreListedNewestFirstAndUnknownOnesAreNotFound() {
        servePages(List.of());
        String first = startRun();
        awaitRun(first);
        String second = startRun();
        awaitRun(second);

        List<String> ids = api().get("/api/runs?limit=2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("runId");
        assertThat(ids).containsExactly(second, first);
        api().get("/api/runs/{id}", "00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        api().contentType(ContentType.JSON)
                .body(Map.of("logicalDate", "2026-02-30"))
                .post("/api/runs")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("logicalDate"));
    }

    @Test
    @Documents("http-api: POST /api/runs 400 invalid-request")
    void backfillWindowWithoutIncrementalModeIsRefusedNamingTheField() {
        // incremental mode is off by default: the source's changed-since parameter is not known
        api().contentType(ContentType.JSON)
                .body(Map.of("from", "2026-11-24T00:00:00Z"))
                .post("/api/runs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("from"))
                .body("errors[0].message", Matchers.containsString("ingest.source.incremental.enabled"));
        api().contentType(ContentType.JSON)
                .body(Map.of("logicalDate", "2026-11-24", "form", "2026-11-24"))
                .post("/api/runs")
                .then()
                .statusCode(400)
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("body"));
    }

    @Test
    void apiNeedsTheToken() {
        given().when().post("/api/runs").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("wrong").when().get("/api/runs").then().statusCode(403);
        given().when().get("/q/health/ready").then().statusCode(200).body("checks.name", Matchers.hasItem("warehouse"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("ingest_runs_total"));
        given().when()
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/api/runs'.post.summary", is("Start a run"));
    }

    private static Map<String, String> totals(List<Map<String, Object>> rows, String prefix) {
        Map<String, String> totals = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            String user = (String) row.get("userId");
            if (user.startsWith(prefix)) {
                totals.put(user, (String) row.get("totalSpent"));
            }
        }
        return totals;
    }
}
