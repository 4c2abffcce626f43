package io.dailyetl.report;

import static io.dailyetl.report.Fixtures.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SMTP down: retried, then 502 and the window released. */
@QuarkusTest
@TestProfile(FailureModesTest.SmtpDown.class)
@WithTestResource(WarehouseResource.class)
class FailureModesTest {

    public static class SmtpDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(closedPort()));
        }
    }

    @Test
    @Documents("http-api: POST /api/reports/weekly 502 smtp-failed")
    @Documents("errors: 502 urn:daily-etl:smtp-failed")
    void smtpDownIsRetriedThenAnswers502AndReleasesTheWindow() {
        LocalDate end = Fixtures.uniqueEnd();
        Map<String, Object> body = Map.of("end", end.toString(), "to", List.of(Fixtures.uniqueAddress()));

        api().contentType(ContentType.JSON)
                .body(body)
                .post("/api/reports/weekly")
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:smtp-failed"))
                .body("detail", containsString("could not be emailed after retries"));

        // the window is not marked sent: the delivery FAILED, so a later attempt may send it
        Fixtures.warehouse()
                .queryParam("report", "weekly")
                .get("/api/report-deliveries")
                .then()
                .statusCode(200)
                .body("find { it.from == '" + end.minusDays(7) + "' }.status", is("FAILED"))
                .body("find { it.from == '" + end.minusDays(7) + "' }.error", containsString("SMTP"));
        given().get("/q/metrics")
                .then()
                .body(containsString("report_failures_total 1.0"))
                .body(containsString("ft_retry_retries_total"))
                .body(containsString("ReportMailer.send"));
        // and a retry of the request meets the same SMTP failure, not a 409
        api().contentType(ContentType.JSON)
                .body(body)
                .post("/api/reports/weekly")
                .then()
                .statusCode(502);
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
