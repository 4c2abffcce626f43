package io.dailyetl.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run API takes an operator token only; ingest's own warehouse token (a loader token) and the reader token are
 * refused like any unknown one, with any spelling of the path, and a refused trigger starts no run.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class RunApiRolesTest {

    @Test
    void aNonOperatorTokenCannotTriggerOrReadRuns() {
        int runsBefore =
                Fixtures.api().get("/api/runs").then().statusCode(200).extract().path("size()");
        for (String token : new String[] {WarehouseProcess.LOADER_TOKEN, WarehouseProcess.READER_TOKEN, "guess"}) {
            Response trigger = given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("logicalDate", "2026-12-02"))
                    .post("/api/runs");
            assertThat(trigger.statusCode()).as(token).isEqualTo(403);
            assertThat(trigger.contentType()).startsWith("application/problem+json");
            assertThat(given().auth().oauth2(token).get("/api/runs").statusCode())
                    .as(token)
                    .isEqualTo(403);
        }
        assertThat(given().post("/api/runs").statusCode()).isEqualTo(401);
        assertThat(given().get("/api/runs").header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(Fixtures.api()
                        .get("/api/runs")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<Integer>path("size()"))
                .as("no run was started by a refused trigger")
                .isEqualTo(runsBefore);
    }

    @Test
    void noSpellingOfThePathSkipsTheCheck() {
        for (String path : new String[] {
            "//api/runs",
            "/api//runs",
            "/api/runs/",
            "/api/runs;x=1",
            "/api%2Fruns",
            "/api/./runs",
            "/q/../api/runs",
            "/API/runs"
        }) {
            for (String method : new String[] {"GET", "HEAD", "OPTIONS", "POST"}) {
                Response answer = given().auth()
                        .oauth2(WarehouseProcess.LOADER_TOKEN)
                        .urlEncodingEnabled(false)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .request(method, path);
                assertThat(answer.statusCode()).as(method + " " + path).isIn(401, 403, 404, 405);
            }
        }
    }
}
