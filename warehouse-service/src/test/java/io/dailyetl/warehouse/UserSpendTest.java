package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.dailyetl.warehouse.Api.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Per-user spend: window edges, status filter, exact totals, ordering, CSV. The zone here is UTC. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class UserSpendTest {

    @Test
    @Documents("http-api: GET /api/analytics/user-spend 200")
    void fromIsInclusiveAndToExclusiveAtMidnight() {
        // given records exactly at the edges of [from, to)
        LocalDate from = Api.uniqueWeek();
        LocalDate to = from.plusDays(7);
        String p = Api.uniquePrefix();
        Api.load(
                Api.uniqueSource(),
                List.of(List.of(
                        record(p + "1", p + "u", "1.00", "active", from.minusDays(1) + "T23:59:59.999Z"),
                        record(p + "2", p + "u", "2.00", "active", from + "T00:00:00Z"),
                        record(p + "3", p + "u", "4.00", "active", to.minusDays(1) + "T23:59:59.999999Z"),
                        record(p + "4", p + "u", "8.00", "active", to + "T00:00:00Z"))));

        // then only the first-day-midnight and last-instant records count
        spend(from, to, null)
                .body("users", is(1))
                .body("total", is("6.00"))
                .body("rows[0].totalSpent", is("6.00"))
                .body("rows[0].transactions", is(2));
    }

    @Test
    void statusFilterCountsOnlyThatStatus() {
        LocalDate from = Api.uniqueWeek();
        String p = Api.uniquePrefix();
        String at = from + "T10:00:00Z";
        Api.load(
                Api.uniqueSource(),
                List.of(List.of(
                        record(p + "1", p + "u", "10.00", "active", at),
                        record(p + "2", p + "u", "3.00", "refunded", at))));

        spend(from, from.plusDays(1), null).body("total", is("10.00"));
        spend(from, from.plusDays(1), "refunded").body("total", is("3.00"));
        spend(from, from.plusDays(1), "Refunded").body("total", is("3.00"));
        spend(from, from.plusDays(1), "pending")
                .body("users", is(0))
                .body("total", is("0.00"))
                .body("rows", is(List.of()));
    }

    @Test
    void totalsAreExactDecimalsNotFloatingPoint() {
        LocalDate from = Api.uniqueWeek();
        String p = Api.uniquePrefix();
        String at = from + "T10:00:00Z";
        Map<String, Object> asNumber = record(p + "2", p + "u", null, "active", at);
        asNumber.put("amount", 0.2);
        Api.load(Api.uniqueSource(), List.of(List.of(record(p + "1", p + "u", "0.1", "active", at), asNumber)));

        spend(from, from.plusDays(1), null)
                .body("rows[0].totalSpent", is("0.30"))
                .body("total", is("0.30"));
    }

    @Test
    void rowsAreOrderedByTotalDescendingThenUserId() {
        LocalDate from = Api.uniqueWeek();
        String p = Api.uniquePrefix();
        String at = from + "T10:00:00Z";
        Api.load(
                Api.uniqueSource(),
                List.of(List.of(
                        record(p + "1", "carol", "5.00", "active", at),
                        record(p + "2", "bob", "10.00", "active", at),
                        record(p + "3", "alice", "7.50", "active", at),
                        record(p + "4", "alice", "2.50", "active", at),
                        record(p + "5", "Zed", "1.00", "active", at))));

        List<String> users = spend(from, from.plusDays(1), null)
                .body("users", is(4))
                .body("total", is("26.00"))
                .extract()
                .jsonPath()
                .getList("rows.userId");
        assertThat(users).containsExactly("alice", "bob", "carol", "Zed");
    }

    @Test
    void csvIsQuotedAndSafeForSpreadsheets() {
        LocalDate from = Api.uniqueWeek();
        String p = Api.uniquePrefix();
        String at = from + "T10:00:00Z";
        Api.load(
                Api.uniqueSource(),
                List.of(List.of(
                        record(p + "1", "=HYPERLINK(\"http://x\")", "9.00", "active", at),
                        record(p + "2", "smith, jane", "8.00", "active", at),
                        record(p + "3", "line\nbreak", "7.00", "active", at),
                        record(p + "4", "plain", "6.10", "active", at))));

        String csv = api().accept("text/csv")
                .queryParam("from", from.toString())
                .queryParam("to", from.plusDays(1).toString())
                .when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();

        assertThat(csv)
                .isEqualTo("user_id,total_spent\r\n"
                        + "\"'=HYPERLINK(\"\"http://x\"\")\",9.00\r\n"
                        + "\"smith, jane\",8.00\r\n"
                        + "\"line\nbreak\",7.00\r\n"
                        + "plain,6.10\r\n");
    }

    @Test
    void aZoneParameterMovesTheDayBoundaries() {
        // 23:30 UTC on the day before is already the first day in Berlin (winter, UTC+1)
        LocalDate from = LocalDate.of(2033, 1, 10);
        String p = Api.uniquePrefix();
        Api.load(
                Api.uniqueSource(),
                List.of(List.of(record(p + "1", p + "u", "5.00", "active", "2033-01-09T23:30:00Z"))));

        api().queryParam("from", from.toString())
                .queryParam("to", from.plusDays(1).toString())
                .queryParam("zone", "Europe/Berlin")
                .when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .body("rows.find { it.userId == '" + p + "u' }.totalSpent", is("5.00"));
        spend(from, from.plusDays(1), null).body("rows.find { it.userId == '" + p + "u' }", Matchers.nullValue());
        api().queryParam("from", "2033-01-10")
                .queryParam("to", "2033-01-11")
                .queryParam("zone", "Mars/Olympus")
                .when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("zone"));
    }

    @Test
    @Documents("http-api: GET /api/analytics/user-spend 400 invalid-request")
    void badWindowsAreRefusedNamingTheParameter() {
        api().queryParam("to", "2026-11-23")
                .when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("from"));
        api().queryParam("from", "2026-02-30")
                .queryParam("to", "2026-03-07")
                .when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("from"));
        api().queryParam("from", "2026-11-23")
                .queryParam("to", "2026-11-16")
                .when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(400)
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("to"));
    }

    static ValidatableResponse spend(LocalDate from, LocalDate to, String status) {
        var request = api().queryParam("from", from.toString()).queryParam("to", to.toString());
        if (status != null) {
            request.queryParam("status", status);
        }
        return request.when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("from", is(from.toString()))
                .body("to", is(to.toString()));
    }
}
