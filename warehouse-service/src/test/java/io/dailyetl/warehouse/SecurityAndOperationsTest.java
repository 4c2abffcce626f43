package io.dailyetl.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.docs.DocClaims;
import io.dailyetl.testing.docs.Docs;
import io.dailyetl.testing.docs.Documents;
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
    @Documents("errors: 401 / 403 about:blank")
    void apiWithoutTokenIs401() {
        given().when()
                .get("/api/loads")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", is("about:blank"))
                .header("WWW-Authenticate", "Bearer");
        given().contentType(ContentType.JSON)
                .body(Map.of("source", "x"))
                .when()
                .post("/api/loads")
                .then()
                .statusCode(401);
    }

    @Test
    @Documents("errors: 401 / 403 about:blank")
    @Documents("troubleshooting: 403 \"the reader role may not do this\"")
    void aTokenOfARoleTheEndpointDoesNotServeIs403NamingTheRole() {
        // when a reader asks for what only loaders and operators may do (open a load)
        String detail = given().auth()
                .oauth2("test-reader-token")
                .contentType(ContentType.JSON)
                .body(Map.of("source", Api.uniqueSource()))
                .when()
                .post("/api/loads")
                .then()

                // then it is refused, naming the reader role, as the troubleshooting row quotes it
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", is("about:blank"))
                .body("title", is("Forbidden"))
                .extract()
                .path("detail");
        assertThat(DocClaims.quoted("troubleshooting: 403 \"the reader role may not do this\""))
                .isNotEmpty()
                .allSatisfy(quote -> assertThat(Docs.contains(detail, quote))
                        .as("detail \"%s\" shows \"%s\"", detail, quote)
                        .isTrue());
    }

    @Test
    @Documents("errors: 404, 405, 415 … about:blank")
    void whatNoEndpointServesIsAnsweredWithTheHttpReason() {
        // a path no endpoint has
        Api.api()
                .when()
                .get("/api/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", is("about:blank"))
                .body("title", is("Not Found"));
        // a method the path's endpoints do not serve
        Api.api()
                .when()
                .delete("/api/loads")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("type", is("about:blank"))
                .body("title", is("Method Not Allowed"));
        // a media type the endpoint does not read
        Api.api()
                .contentType(ContentType.TEXT)
                .body("source=x")
                .when()
                .post("/api/loads")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("type", is("about:blank"))
                .body("title", is("Unsupported Media Type"));
    }

    @Test
    @Documents("errors: 401 / 403 about:blank")
    void apiWithWrongTokenIs403() {
        given().auth()
                .oauth2("not-the-token")
                .when()
                .get("/api/analytics/user-spend?from=2026-01-01&to=2026-01-02")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", is("about:blank"));
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
