package io.dailyetl.demo;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(AuthTokenTest.Profile.class)
class AuthTokenTest {

    private static final String TOKEN = "demo-secret";

    /** A source with a token and a failing page from configuration (DEMO_AUTH_TOKEN, DEMO_FAULTS_FAILING_PAGE). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("demo.auth-token", TOKEN, "demo.faults.failing-page", "3");
        }
    }

    @Test
    void everyStyleNeedsTheToken() {
        for (String url : new String[] {
            "/api/transactions",
            "/api/transactions/offset",
            "/api/transactions/cursor",
            "/api/transactions/next",
            "/api/transactions/linked"
        }) {
            given().when().get(url).then().statusCode(401).header("WWW-Authenticate", "Bearer");
            given().header("Authorization", "Bearer wrong")
                    .when()
                    .get(url)
                    .then()
                    .statusCode(401);
            given().header("Authorization", "Bearer " + TOKEN)
                    .when()
                    .get(url)
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void expectedAnswersAdminAndHealthStayOpen() {
        given().when().get("/api/expected/counts").then().statusCode(200);
        given().when().get("/admin/faults").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theConfiguredFailingPageAlwaysAnswers500() {
        given().header("Authorization", "Bearer " + TOKEN)
                .when()
                .get("/api/transactions?page=3")
                .then()
                .statusCode(500);
        given().header("Authorization", "Bearer " + TOKEN)
                .when()
                .get("/api/transactions?page=3")
                .then()
                .statusCode(500);
        given().header("Authorization", "Bearer " + TOKEN)
                .when()
                .get("/api/transactions?page=4")
                .then()
                .statusCode(200);
    }
}
