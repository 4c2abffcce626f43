package io.dailyetl.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The three providers of the test profile: acme (bearer), globex (API key, own field names), initech (OAuth2). */
@QuarkusTest
class ProvidersTest {

    private static final String ACME_TOKEN = "demo-acme-token";
    private static final String GLOBEX_KEY = "demo-globex-key";

    @AfterEach
    void noFaults() {
        for (String p : List.of("acme", "globex", "initech")) {
            given().contentType(ContentType.JSON).body("{}").put("/admin/providers/" + p + "/faults");
        }
    }

    @Test
    void eachProviderNamesTheFieldsItsOwnWay() {
        Map<String, Object> acme = acme().get("/providers/acme/transactions?page=1&size=5")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("results[0]");
        Map<String, Object> globex = globex().get("/providers/globex/transactions/cursor?size=5")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("data.items[0]");

        assertThat(acme).containsKeys("id", "user_id", "created_at");
        assertThat(globex).containsKeys("txn_id", "customer", "booked_at").doesNotContainKeys("id", "user_id");
    }

    @Test
    void providersRefuseRequestsWithoutTheirCredentials() {
        given().get("/providers/acme/transactions").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer " + GLOBEX_KEY)
                .get("/providers/acme/transactions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid"));
        given().header("X-Api-Key", ACME_TOKEN)
                .get("/providers/globex/transactions/cursor")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("X-Api-Key"));
        given().get("/providers/initech/transactions/linked").then().statusCode(401);
        // the single source and the truth stay open
        given().get("/api/transactions?page=1").then().statusCode(200);
        given().get("/api/expected/counts?provider=acme").then().statusCode(200);
    }

    @Test
    void anOAuth2TokenOpensThePagesUntilItExpires() {
        String token = token("daily-etl", "demo-initech-secret");
        long issuedBefore = stats("initech").getLong("tokensIssued");

        given().header("Authorization", "Bearer " + token)
                .get("/providers/initech/transactions/linked?page=1&size=10")
                .then()
                .statusCode(200);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().header("Authorization", "Bearer " + token)
                        .get("/providers/initech/transactions/linked?page=1&size=10")
                        .then()
                        .statusCode(401)
                        .body("detail", containsString("expired")));
        assertThat(stats("initech").getLong("expiredTokensRefused")).isPositive();
        String next = token("daily-etl", "demo-initech-secret");
        assertThat(next).isNotEqualTo(token);
        assertThat(stats("initech").getLong("tokensIssued")).isEqualTo(issuedBefore + 1);
        given().header("Authorization", "Bearer " + next)
                .get("/providers/initech/transactions/linked?page=1&size=10")
                .then()
                .statusCode(200);
    }

    @Test
    void theTokenEndpointTakesCredentialsInTheFormAndRefusesWrongOnes() {
        given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "daily-etl")
                .formParam("client_secret", "demo-initech-secret")
                .post("/providers/initech/oauth/token")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(2));
        given().auth()
                .preemptive()
                .basic("daily-etl", "wrong")
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .post("/providers/initech/oauth/token")
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_client"));
        given().auth()
                .preemptive()
                .basic("daily-etl", "demo-initech-secret")
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .post("/providers/initech/oauth/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void revokedTokensAreRefusedAndANewOneWorks() {
        String token = token("daily-etl", "demo-initech-secret");

        given().post("/admin/providers/initech/tokens/revoke").then().statusCode(200);

        given().header("Authorization", "Bearer " + token)
                .get("/providers/initech/transactions/linked?page=1")
                .then()
                .statusCode(401)
                .body("detail", containsString("revoked"));
        given().header("Authorization", "Bearer " + token("daily-etl", "demo-initech-secret"))
                .get("/providers/initech/transactions/linked?page=1")
                .then()
                .statusCode(200);
    }

    @Test
    void twoProvidersUseTheSameIdsForDifferentRecords() {
        JsonPath acme = acme().get("/providers/acme/transactions?page=1&size=50")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath globex = globex().get("/providers/globex/transactions/cursor?size=50")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, String> acmeUsers = new HashMap<>();
        List<Map<String, Object>> acmeRows = acme.getList("results");
        for (Map<String, Object> r : acmeRows) {
            if (r.get("id") != null) {
                acmeUsers.put(String.valueOf(r.get("id")), String.valueOf(r.get("user_id")));
            }
        }
        Set<String> shared = new HashSet<>();
        int differ = 0;
        List<Map<String, Object>> globexRows = globex.getList("data.items");
        for (Map<String, Object> r : globexRows) {
            String id = String.valueOf(r.get("txn_id"));
            if (acmeUsers.containsKey(id)) {
                shared.add(id);
                if (!acmeUsers.get(id).equals(String.valueOf(r.get("customer")))) {
                    differ++;
                }
            }
        }

        assertThat(shared).hasSizeGreaterThan(20);
        assertThat(differ).isGreaterThan(10);
    }

    @Test
    void eachProviderServesExactlyTheRecordsItsTruthCounts() {
        // given every page of each provider, in its own style
        long acme = countRecords(ProvidersTest::acme, "/providers/acme/transactions?size=37&page=", "results");
        long globex = countCursor();
        String token = token("daily-etl", "demo-initech-secret");
        long initech = countRecords(
                () -> given().header("Authorization", "Bearer " + token),
                "/providers/initech/transactions/linked?size=37&page=",
                "$");

        assertThat(acme).isEqualTo(500);
        assertThat(globex).isEqualTo(400);
        assertThat(initech).isEqualTo(300);
        assertThat(expected("counts", "acme").getLong("fetched")).isEqualTo(acme);
        assertThat(expected("counts", "globex").getLong("fetched")).isEqualTo(globex);
        assertThat(expected("counts", "all").getLong("fetched")).isEqualTo(acme + globex + initech);
    }

    @Test
    void theTruthOfAllProvidersAddsEachUsersSpendAcrossThem() {
        Map<String, BigDecimal> summed = new HashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (String p : List.of("acme", "globex", "initech")) {
            JsonPath one = expected("user-spend", p);
            List<Map<String, String>> rows = one.getList("rows");
            for (Map<String, String> row : rows) {
                summed.merge(row.get("userId"), new BigDecimal(row.get("totalSpent")), BigDecimal::add);
            }
            total = total.add(new BigDecimal(one.getString("total")));
        }

        JsonPath all = expected("user-spend", "all");

        List<Map<String, String>> rows = all.getList("rows");
        Map<String, BigDecimal> answered = new HashMap<>();
        List<BigDecimal> order = new ArrayList<>();
        for (Map<String, String> row : rows) {
            answered.put(row.get("userId"), new BigDecimal(row.get("totalSpent")));
            order.add(new BigDecimal(row.get("totalSpent")));
        }
        assertThat(answered).isEqualTo(summed);
        assertThat(new BigDecimal(all.getString("total"))).isEqualByComparingTo(total);
        assertThat(order).isSortedAccordingTo((a, b) -> b.compareTo(a));
        long ids = 0;
        for (String p : List.of("acme", "globex", "initech")) {
            ids += expected("state", p).getLong("ids");
        }
        assertThat(expected("state", "all").getLong("ids")).isEqualTo(ids);
    }

    @Test
    void aProvidersFaultsLeaveTheOthersAlone() {
        given().contentType(ContentType.JSON)
                .body("{\"errorRate\":1}")
                .put("/admin/providers/acme/faults")
                .then()
                .statusCode(200);

        acme().get("/providers/acme/transactions?page=1").then().statusCode(500);
        globex().get("/providers/globex/transactions/cursor").then().statusCode(200);
        given().get("/api/transactions?page=1").then().statusCode(200);
    }

    @Test
    void unknownProvidersAreNamedInTheError() {
        given().get("/providers/nope/transactions")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("[acme, globex, initech]"));
        given().get("/api/expected/counts?provider=nope")
                .then()
                .statusCode(400)
                .body("detail", containsString("provider: no provider \"nope\""));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static RequestSpecification acme() {
        return given().header("Authorization", "Bearer " + ACME_TOKEN);
    }

    private static RequestSpecification globex() {
        return given().header("X-Api-Key", GLOBEX_KEY);
    }

    private static String token(String client, String secret) {
        return given().auth()
                .preemptive()
                .basic(client, secret)
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .post("/providers/initech/oauth/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private static long countRecords(Supplier<RequestSpecification> auth, String prefix, String path) {
        long count = 0;
        for (int page = 1; ; page++) {
            List<Object> records = auth.get()
                    .get(prefix + page)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList(path);
            if (records.isEmpty()) {
                return count;
            }
            count += records.size();
        }
    }

    private static long countCursor() {
        long count = 0;
        String cursor = "";
        do {
            JsonPath page = globex().get("/providers/globex/transactions/cursor?size=37&cursor=" + cursor)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            count += page.getList("data.items").size();
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return count;
    }

    private static JsonPath expected(String what, String provider) {
        return given().get("/api/expected/" + what + "?provider=" + provider)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath stats(String provider) {
        return given().get("/admin/providers/" + provider + "/stats")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
