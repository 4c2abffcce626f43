package io.dailyetl.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The report API takes an operator token, and for the CSV's download also a reader token (the console's): the
 * warehouse's loader and reader tokens, which this service does not accept, are refused like any unknown token, and
 * so is every spelling of the paths.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SmtpResource.class)
class ReportApiRolesTest {

    private static final Map<String, Function<RequestSpecification, Response>> CALLS = Map.of(
            "POST /api/reports/weekly",
                    as -> as.contentType(ContentType.JSON)
                            .body(Map.of("send", false))
                            .post("/api/reports/weekly"),
            "GET /api/reports/weekly.csv", as -> as.get("/api/reports/weekly.csv"));

    @Test
    void onlyAnOperatorTokenIsServed() {
        CALLS.forEach((name, call) -> {
            assertThat(call.apply(given().auth().oauth2(WarehouseProcess.TOKEN)).statusCode())
                    .as(name)
                    .isEqualTo(200);
            Response none = call.apply(given());
            assertThat(none.statusCode()).as(name).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
            for (String token : new String[] {WarehouseProcess.LOADER_TOKEN, WarehouseProcess.READER_TOKEN, "guess"}) {
                Response refused = call.apply(given().auth().oauth2(token));
                assertThat(refused.statusCode()).as(name + " with " + token).isEqualTo(403);
                assertThat(refused.contentType()).startsWith("application/problem+json");
            }
        });
    }

    /** The reader token report-service accepts in tests ({@code %test.pipeline.tokens.reader}). */
    static final String READER = "test-console-reader-token";

    @Test
    void aReaderTokenDownloadsTheCsvButCannotBuildOrSendTheReport() {
        // when the console's reader token downloads the CSV, then it is served, the same as to an operator
        Response csv = given().auth().oauth2(READER).get("/api/reports/weekly.csv?end=2026-11-09");
        assertThat(csv.statusCode()).as(csv.asString()).isEqualTo(200);
        assertThat(csv.asString())
                .startsWith("user_id,total_spent")
                .isEqualTo(given().auth()
                        .oauth2(WarehouseProcess.TOKEN)
                        .get("/api/reports/weekly.csv?end=2026-11-09")
                        .asString());

        // but it may not build or send the report
        Response send = given().auth()
                .oauth2(READER)
                .contentType(ContentType.JSON)
                .body(Map.of("send", false))
                .post("/api/reports/weekly");
        assertThat(send.statusCode()).isEqualTo(403);
    }

    @Test
    void noSpellingOfThePathsSkipsTheCheck() {
        for (String path : new String[] {
            "//api/reports/weekly.csv",
            "/api//reports/weekly.csv",
            "/api/reports/weekly.csv/",
            "/api/reports;x=1/weekly.csv",
            "/api/reports/weekly.csv;x=1",
            "/api%2Freports%2Fweekly.csv",
            "/api/./reports/weekly.csv",
            "/q/../api/reports/weekly.csv"
        }) {
            for (String method : new String[] {"GET", "HEAD", "OPTIONS", "POST"}) {
                Response answer = given().auth()
                        .oauth2(WarehouseProcess.LOADER_TOKEN)
                        .urlEncodingEnabled(false)
                        .request(method, path);
                assertThat(answer.statusCode()).as(method + " " + path).isIn(401, 403, 404, 405);
                assertThat(answer.asString()).as(method + " " + path).doesNotContain("user_id,total_spent");
            }
        }
    }
}
