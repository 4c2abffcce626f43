package io.dailyetl.report;

import static io.dailyetl.report.Fixtures.api;
import static io.dailyetl.report.Fixtures.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dailyetl.testing.MonitoringQueries;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard and the alert rules read only report metrics that report-service exposes after a report. */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SmtpResource.class)
class MonitoringMetricsTest {

    @Test
    void everyReportMetricTheDashboardAndTheRulesReadIsExposedAfterAReport() {
        // given a report emailed
        LocalDate end = Fixtures.uniqueEnd();
        String p = Fixtures.uniquePrefix();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> Fixtures.load(
                        List.of(record(p + "1", p + "-user", "2.00", "active", end.minusDays(1) + "T10:00:00Z"))));
        api().contentType(ContentType.JSON)
                .body(Map.of("end", end.toString(), "to", List.of(Fixtures.uniqueAddress())))
                .post("/api/reports/weekly")
                .then()
                .statusCode(200);

        // then the report metrics the dashboard and rules read are in its /q/metrics
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(MonitoringQueries.metricNames()).anyMatch(n -> n.startsWith("report_"));
        assertThat(MonitoringQueries.missing(MonitoringQueries.metricNames(), "report_", metrics))
                .isEmpty();
    }
}
