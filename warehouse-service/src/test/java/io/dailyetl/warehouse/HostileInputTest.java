package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.testing.HostileBatches;
import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nastiest values we could think of, sent straight to the warehouse in an otherwise valid batch: each gets a
 * 400 problem+json naming the field, no 5xx, nothing staged, and the warehouse stays ready. How long each answer
 * took is printed (the README quotes the worst); the bound asserted is only a guard against a hang or a CPU burn.
 * The bodies go through a plain HTTP client: RestAssured would pretty-print them for its failure log.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HostileInputTest {

    private static final List<String> TIMES = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URI base;

    private String loadId;
    private String prefix;

    @BeforeEach
    void openLoad() {
        loadId = Api.open(Api.uniqueSource());
        prefix = Api.uniquePrefix();
    }

    static Stream<HostileBatches.Case> hostileRecords() {
        return HostileBatches.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void hostileValueIsRefusedFastNamingTheField(HostileBatches.Case hostile) {
        // given a batch whose only record carries the hostile value
        String body = hostile.batch(prefix + "1");
        String name = hostile.name();
        String field = hostile.field();

        // when it is staged
        long started = System.nanoTime();
        HttpResponse<String> response = put(body);
        long millis = (System.nanoTime() - started) / 1_000_000;

        // then: 400 naming the field, quickly, and nothing else happened
        TIMES.add(String.format(Locale.ROOT, "%-34s %5d ms (%d bytes)", name, millis, body.length()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(fields(response))
                .as(response.body())
                .anySatisfy(f -> assertThat(f).startsWith(field));
        assertThat(millis).as("answer time of %s", name).isLessThan(5_000);
        nothingStagedAndStillReady();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void hostileValueInARejectsRawRecordIsRefusedToo(HostileBatches.Case hostile) {
        if (!hostile.inAttributes()) {
            return; // the raw record of a reject has no amount rule; its numbers, depth and strings are checked
        }
        String body = hostile.rejectBatch(prefix + "r");

        HttpResponse<String> response = put(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(fields(response))
                .as(response.body())
                .anySatisfy(f -> assertThat(f).startsWith("rejects[0].raw.extra"));
        nothingStagedAndStillReady();
    }

    private HttpResponse<String> put(String body) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/api/loads/" + loadId + "/batches/0"))
                            .header("Authorization", "Bearer " + Api.TOKEN)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(60))
                            .PUT(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> fields(HttpResponse<String> response) {
        try {
            List<String> fields = new ArrayList<>();
            for (JsonNode error : JSON.readTree(response.body()).path("errors")) {
                fields.add(error.path("field").asText());
            }
            return fields;
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    @Test
    void hugeStringInAnOrdinaryRequestBodyIsRefusedByTheExplicitLimits() {
        // given an open-load body whose source is a 1,500,000-character string (Jackson's default reads up to
        // 20,000,000)
        String body = "{\"source\":\"" + "x".repeat(1_500_000) + "\"}";

        // when it is posted, then the REST layer's own reader refuses it by the explicit limit, and nothing opens
        api().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/loads")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", Matchers.containsString("1000000"));
        nothingStagedAndStillReady();
    }

    @AfterAll
    static void printTimes() {
        System.out.println("time to the 400, per hostile value:\n  " + String.join("\n  ", TIMES));
    }

    private void nothingStagedAndStillReady() {
        api().when()
                .get("/api/loads/{id}", loadId)
                .then()
                .statusCode(200)
                .body("status", Matchers.is("OPEN"))
                .body("batches", Matchers.is(0))
                .body("records", Matchers.is(0));
        given().when().get("/q/health/ready").then().statusCode(200);
        try {
            assertThat(Api.snapshotCount(prefix)).isZero();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
