package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The report's sent-record: a window is claimed once; a failure releases it; force resends. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ReportDeliveryTest {

    @Test
    @Documents("http-api: POST /api/report-deliveries 201")
    @Documents("http-api: POST /api/report-deliveries/{id}/sent 200")
    void aWindowIsSentOnceUnlessForced() {
        LocalDate from = Api.uniqueWeek();
        ExtractableResponse<Response> claimed =
                claim(from, false).statusCode(201).body("status", is("SENDING")).extract();
        String id = claimed.path("deliveryId");
        assertThat(claimed.header("Location")).endsWith("/api/report-deliveries/" + id);

        claim(from, false).statusCode(409).body("detail", containsString("SENDING"));
        api().contentType(ContentType.JSON)
                .body(Map.of("users", 3, "total", "12.30"))
                .post("/api/report-deliveries/{id}/sent", id)
                .then()
                .statusCode(200)
                .body("deliveryId", is(id))
                .body("status", is("SENT"));
        claim(from, false)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("force"));

        String forced = claim(from, true)
                .statusCode(201)
                .body("forced", is(true))
                .extract()
                .path("deliveryId");

        api().queryParam("report", "weekly")
                .get("/api/report-deliveries")
                .then()
                .statusCode(200)
                .body("find { it.deliveryId == '" + id + "' }.status", is("SUPERSEDED"))
                .body("find { it.deliveryId == '" + forced + "' }.status", is("SENDING"));
    }

    @Test
    void aFailedSendReleasesTheWindow() {
        LocalDate from = Api.uniqueWeek();
        String id = claim(from, false).statusCode(201).extract().path("deliveryId");

        api().contentType(ContentType.JSON)
                .body(Map.of("error", "SMTP down"))
                .post("/api/report-deliveries/{id}/failed", id)
                .then()
                .statusCode(200)
                .body("status", is("FAILED"));

        claim(from, false).statusCode(201);
        api().contentType(ContentType.JSON)
                .body(Map.of("error", "again"))
                .post("/api/report-deliveries/{id}/failed", id)
                .then()
                .statusCode(409);
    }

    @Test
    @Documents("http-api: POST /api/report-deliveries 409 being-sent")
    @Documents("http-api: POST /api/report-deliveries 409 already-sent")
    @Documents("errors: 409 urn:daily-etl:being-sent")
    @Documents("errors: 409 urn:daily-etl:already-sent")
    void aLiveSendingClaimIsBeingSentAndASentOneIsAlreadySent() {
        // given a window claimed moments ago
        LocalDate from = Api.uniqueWeek();
        String id = claim(from, false).statusCode(201).extract().path("deliveryId");

        // when another sender claims it, it hears the window is being sent (not that it was sent)
        claim(from, false)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:being-sent"))
                .body("detail", containsString("SENDING"));

        // and once SENT, that it was sent
        api().contentType(ContentType.JSON)
                .body(Map.of("users", 1, "total", "1.00"))
                .post("/api/report-deliveries/{id}/sent", id)
                .then()
                .statusCode(200);
        claim(from, false)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:already-sent"))
                .body("detail", containsString("force"))
                .body("detail", containsString("SENT"));
    }

    @Test
    @Documents("http-api: POST /api/report-deliveries/{id}/sent 409 conflict")
    void aSendingClaimWhoseLeaseLapsedByTheDatabaseClockIsTakenOver() throws SQLException {
        // given a SENDING claim whose sender died: its lease, as the database tells time, ran out
        LocalDate from = Api.uniqueWeek();
        String dead = claim(from, false).statusCode(201).extract().path("deliveryId");
        assertThat(leaseLength(dead))
                .as("lease_expires_at - claimed_at, both from the database")
                .isEqualTo("00:10:00");
        execute("update report_delivery set lease_expires_at = now() - interval '1 second' where id = ?::uuid", dead);

        // when the window is claimed again
        String taker = claim(from, false)
                .statusCode(201)
                .body("status", is("SENDING"))
                .extract()
                .path("deliveryId");

        // then the dead claim is FAILED, saying why, and the new one holds the window
        api().queryParam("report", "weekly")
                .get("/api/report-deliveries")
                .then()
                .statusCode(200)
                .body("find { it.deliveryId == '" + dead + "' }.status", is("FAILED"))
                .body(
                        "find { it.deliveryId == '" + dead + "' }.error",
                        containsString("did not report back within 10m"))
                .body("find { it.deliveryId == '" + taker + "' }.status", is("SENDING"));
        claim(from, false).statusCode(409).body("type", is("urn:daily-etl:being-sent"));
        // the dead sender's late word is refused; the taker's counts
        api().contentType(ContentType.JSON)
                .body(Map.of("users", 1, "total", "1.00"))
                .post("/api/report-deliveries/{id}/sent", dead)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:conflict"))
                .body("detail", containsString("FAILED"));
        api().contentType(ContentType.JSON)
                .body(Map.of("users", 1, "total", "1.00"))
                .post("/api/report-deliveries/{id}/sent", taker)
                .then()
                .statusCode(200)
                .body("status", is("SENT"));
    }

    @Test
    @Documents("http-api: POST /api/report-deliveries/{id}/sent 404 not-found")
    void anUnknownDeliveryIsNotFound() {
        // when an outcome is reported for a delivery nobody claimed, or an id that is not one
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            api().contentType(ContentType.JSON)
                    .body(Map.of("users", 1, "total", "1.00"))
                    .post("/api/report-deliveries/{id}/sent", id)
                    .then()

                    // then it is not found
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", is("urn:daily-etl:not-found"))
                    .body("detail", containsString(id));
        }
    }

    @Test
    void theMessageIdASentDeliveryWentOutWithIsListed() {
        // given a claimed window
        String id = claim(Api.uniqueWeek(), false).statusCode(201).extract().path("deliveryId");

        // when it is marked SENT with the Message-ID its mail carried
        api().contentType(ContentType.JSON)
                .body(Map.of("users", 2, "total", "5.00", "messageId", "<weekly.x." + id + "@daily-etl>"))
                .post("/api/report-deliveries/{id}/sent", id)
                .then()
                .statusCode(200)
                .body("messageId", is("<weekly.x." + id + "@daily-etl>"));

        // then the list shows it with the delivery
        api().queryParam("report", "weekly")
                .queryParam("limit", 500)
                .get("/api/report-deliveries")
                .then()
                .statusCode(200)
                .body("find { it.deliveryId == '" + id + "' }.messageId", is("<weekly.x." + id + "@daily-etl>"));
    }

    @Test
    @Documents("http-api: POST /api/report-deliveries/{id}/sent 400 invalid-request")
    void aMessageIdWithALineBreakIsRefusedNamingItAndTheDeliveryStaysSending() {
        // given a claimed window
        String id = claim(Api.uniqueWeek(), false).statusCode(201).extract().path("deliveryId");

        // when SENT is reported with a Message-ID that would split a header
        api().contentType(ContentType.JSON)
                .body(Map.of("users", 2, "total", "5.00", "messageId", "<a@b>\r\nBcc: victim@example.com"))
                .post("/api/report-deliveries/{id}/sent", id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("messageId"));

        // then the delivery is still SENDING, nothing recorded
        api().queryParam("report", "weekly")
                .queryParam("limit", 500)
                .get("/api/report-deliveries")
                .then()
                .body("find { it.deliveryId == '" + id + "' }.status", is("SENDING"))
                .body("find { it.deliveryId == '" + id + "' }.messageId", nullValue());
    }

    @Test
    @Documents("http-api: POST /api/report-deliveries 400 invalid-request")
    void claimsAreValidated() {
        api().contentType(ContentType.JSON)
                .body(Map.of(
                        "report", "weekly", "from", "2026-11-16", "to", "2026-11-16", "recipients", List.of("a@b.c")))
                .post("/api/report-deliveries")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("to"));
        api().contentType(ContentType.JSON)
                .body(Map.of("report", "weekly", "from", "2026-11-16", "to", "2026-11-23"))
                .post("/api/report-deliveries")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("recipients"));
    }

    /** {@code lease_expires_at - claimed_at} of a delivery, as PostgreSQL prints an interval. */
    private static String leaseLength(String id) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(
                        "select (lease_expires_at - claimed_at)::text from report_delivery where id = ?::uuid")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void execute(String sql, String id) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static ValidatableResponse claim(LocalDate from, boolean force) {
        return api().contentType(ContentType.JSON)
                .body(Map.of(
                        "report",
                        "weekly",
                        "from",
                        from.toString(),
                        "to",
                        from.plusDays(7).toString(),
                        "recipients",
                        List.of("ops@example.com"),
                        "force",
                        force))
                .post("/api/report-deliveries")
                .then();
    }
}
