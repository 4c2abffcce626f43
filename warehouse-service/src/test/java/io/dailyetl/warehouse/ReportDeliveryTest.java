package io.dailyetl.warehouse;

import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.dailyetl.warehouse.Api.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The report's sent-record: a window is claimed once; a failure releases it; force resends. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ReportDeliveryTest {

    @Test
    void aWindowIsSentOnceUnlessForced() {
        LocalDate from = Api.uniqueWeek();
        String id = claim(from, false).statusCode(201).body("status", is("SENDING")).extract().path("deliveryId");

        claim(from, false).statusCode(409).body("detail", containsString("SENDING"));
        api().contentType(ContentType.JSON).body(Map.of("users", 3, "total", "12.30"))
                .post("/api/report-deliveries/{id}/sent", id).then().statusCode(200).body("status", is("SENT"));
        claim(from, false).statusCode(409).contentType("application/problem+json").body("detail", containsString("force"));

        String forced = claim(from, true).statusCode(201).body("forced", is(true)).extract().path("deliveryId");

        api().queryParam("report", "weekly").get("/api/report-deliveries").then().statusCode(200)
                .body("find { it.deliveryId == '" + id + "' }.status", is("SUPERSEDED"))
                .body("find { it.deliveryId == '" + forced + "' }.status", is("SENDING"));
    }

    @Test
    void aFailedSendReleasesTheWindow() {
        LocalDate from = Api.uniqueWeek();
        String id = claim(from, false).statusCode(201).extract().path("deliveryId");

        api().contentType(ContentType.JSON).body(Map.of("error", "SMTP down"))
                .post("/api/report-deliveries/{id}/failed", id).then().statusCode(200).body("status", is("FAILED"));

        claim(from, false).statusCode(201);
        api().contentType(ContentType.JSON).body(Map.of("error", "again"))
                .post("/api/report-deliveries/{id}/failed", id).then().statusCode(409);
    }

    @Test
    void claimsAreValidated() {
        api().contentType(ContentType.JSON).body(Map.of("report", "weekly", "from", "2026-11-16", "to", "2026-11-16",
                "recipients", List.of("a@b.c"))).post("/api/report-deliveries")
                .then().statusCode(400).body("errors[0].field", is("to"));
        api().contentType(ContentType.JSON).body(Map.of("report", "weekly", "from", "2026-11-16", "to", "2026-11-23"))
                .post("/api/report-deliveries").then().statusCode(400).body("errors[0].field", is("recipients"));
    }

    private static ValidatableResponse claim(LocalDate from, boolean force) {
        return api().contentType(ContentType.JSON).body(Map.of("report", "weekly", "from", from.toString(),
                "to", from.plusDays(7).toString(), "recipients", List.of("ops@example.com"), "force", force))
                .post("/api/report-deliveries").then();
    }
}
