package io.dailyetl.warehouse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token guards /api/**; health, metrics and OpenAPI stay open and say what operators need. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SecurityAndOperationsTest {

    @Test
    void apiWithoutTokenIs401() {
        given().when()
                .get("/api/loads")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().contentType(ContentType.JSON)
                .body(Map.of("source", "x"))
                .when()
                .post("/api/loads")
                .then()
                .statusCode(401);
    }

    @Test
    void apiWithWrongTokenIs403() {
        given().auth()
                .oauth2("not-the-token")
                .when()
                .get("/api/analytics/user-spend?from=2026-01-01&to=2026-01-02")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(Api.TOKEN + "x").when().get("/api/loads").then().statusCode(403);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsString("Database")));
        given().when()
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/api/loads/{loadId}/commit'.post.summary", is("Commit a load"))
                .body("components.securitySchemes.bearer.scheme", is("bearer"));
    }

    @Test
    void metricsCountTheLoadLifecycle() {
        String loadId = Api.open(Api.uniqueSource());
        Api.putBatch(loadId, 0, Api.records(Api.uniquePrefix(), 2, Api.uniqueWeek()), List.of())
                .statusCode(200);
        Api.commit(loadId, 1, 2, 0).statusCode(200);

        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("warehouse_loads_total{event=\"committed\"}"))
                .body(containsString("warehouse_records_merged_total{outcome=\"inserted\"}"))
                .body(containsString("warehouse_commit_duration_seconds_count"))
                .body(containsString("warehouse_batch_duration_seconds_count"));
    }
}
