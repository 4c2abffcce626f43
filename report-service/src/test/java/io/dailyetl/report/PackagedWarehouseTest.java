package io.dailyetl.report;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The warehouse this service calls runs as packaged, in the prod profile, with nothing switched on for tests: there
 * it serves its OpenAPI document but not Swagger UI (the local stack turns the UI on).
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
class PackagedWarehouseTest {

    @Test
    void inProdTheWarehouseServesItsOpenApiDocumentButNoSwaggerUi() {
        String warehouse = WarehouseProcess.shared().url().toString();

        given().baseUri(warehouse).get("/q/openapi").then().statusCode(200).body(containsString("/api/loads"));
        given().baseUri(warehouse)
                .redirects()
                .follow(true)
                .get("/q/swagger-ui/")
                .then()
                .statusCode(404);
    }
}
