package io.dailyetl.warehouse;

import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static io.dailyetl.warehouse.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nastiest values we could think of, sent straight to the warehouse in an otherwise valid batch: each gets a
 * 400 problem+json naming the field, no 5xx, nothing staged, and the warehouse stays ready. How long each answer
 * took is printed (the README quotes the worst); the bound asserted is only a guard against a hang or a CPU burn.
 * The bodies go through a plain HTTP client: RestAssured would pretty-print them for its failure log.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HostileInputTest {

    private static final String RECORD = "{\"id\":\"%s\",\"userId\":\"u\",\"amount\":%s,\"status\":\"active\","
            + "\"createdAt\":\"2026-11-18T10:00:00Z\",\"attributes\":%s}";
    private static final List<String> TIMES = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URI base;

    private String loadId;
    private String prefix;

    @BeforeEach
    void openLoad() {
        loadId = Api.open(Api.uniqueSource());
        prefix = Api.uniquePrefix();
    }

    static Stream<Arguments> hostileRecords() {
        String digits = "9".repeat(2_000_000);
        return Stream.of(
                Arguments.of("huge exponent", "\"1e999999999\"", "{}", "records[0].amount"),
                Arguments.of("exponent at int max", "\"1e2147483647\"", "{}", "records[0].amount"),
                Arguments.of("exponent beyond int", "\"1e2147483648\"", "{}", "records[0].amount"),
                Arguments.of("negative zero, tiny exponent", "\"-0e-99999999\"", "{}", "records[0].amount"),
                Arguments.of("2,000,000 digits as a string", "\"" + digits + "\"", "{}", "records[0].amount"),
                Arguments.of("2,000,000 digits as a number", digits, "{}", "records[0].amount"),
                Arguments.of("attribute beyond jsonb", "\"1.00\"", "{\"x\":1e999999}", "records[0].attributes.x"),
                Arguments.of("attribute below jsonb's scale", "\"1.00\"", "{\"x\":1e-20000}", "records[0].attributes.x"),
                Arguments.of("attribute exponent beyond int", "\"1.00\"", "{\"x\":1e99999999999}", "records[0].attributes.x"),
                Arguments.of("deep attribute inside an array", "\"1.00\"", "{\"a\":[0,{\"b\":1e131072}]}", "records[0].attributes.a[1].b"),
                Arguments.of("nested 33 levels", "\"1.00\"", "{\"n\":" + "[".repeat(32) + "]".repeat(32) + "}", "records[0].attributes.n"),
                Arguments.of("nested 100,000 levels", "\"1.00\"", "{\"n\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}", "records[0].attributes.n"),
                Arguments.of("a 2,000,000-character string", "\"1.00\"", "{\"s\":\"" + "x".repeat(2_000_000) + "\"}", "records[0].attributes.s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void hostileValueIsRefusedFastNamingTheField(String name, String amount, String attributes, String field) {
        // given a batch whose only record carries the hostile value
        String body = "{\"records\":[" + RECORD.formatted(prefix + "1", amount, attributes) + "],\"rejects\":[]}";

        // when it is staged
        long started = System.nanoTime();
        HttpResponse<String> response = put(body);
        long millis = (System.nanoTime() - started) / 1_000_000;

        // then: 400 naming the field, quickly, and nothing else happened
        TIMES.add(String.format(Locale.ROOT, "%-34s %5d ms (%d bytes)", name, millis, body.length()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(fields(response)).as(response.body()).anySatisfy(f -> assertThat(f).startsWith(field));
        assertThat(millis).as("answer time of %s", name).isLessThan(5_000);
        nothingStagedAndStillReady();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void hostileValueInARejectsRawRecordIsRefusedToo(String name, String amount, String attributes, String field) {
        if (!field.contains("attributes")) {
            return; // the raw record of a reject has no amount rule; its numbers, depth and strings are checked
        }
        String raw = "{\"id\":\"" + prefix + "r\",\"extra\":" + attributes + "}";
        String body = "{\"records\":[],\"rejects\":[{\"reason\":\"x: bad\",\"page\":1,\"raw\":" + raw + "}]}";

        HttpResponse<String> response = put(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(fields(response)).as(response.body()).anySatisfy(f -> assertThat(f).startsWith("rejects[0].raw.extra"));
        nothingStagedAndStillReady();
    }

    private HttpResponse<String> put(String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve("/api/loads/" + loadId + "/batches/0"))
                    .header("Authorization", "Bearer " + Api.TOKEN).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
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

    @AfterAll
    static void printTimes() {
        System.out.println("time to the 400, per hostile value:\n  " + String.join("\n  ", TIMES));
    }

    private void nothingStagedAndStillReady() {
        api().when().get("/api/loads/{id}", loadId)
                .then().statusCode(200).body("status", org.hamcrest.Matchers.is("OPEN"))
                .body("batches", org.hamcrest.Matchers.is(0)).body("records", org.hamcrest.Matchers.is(0));
        given().when().get("/q/health/ready").then().statusCode(200);
        try {
            assertThat(Api.snapshotCount(prefix)).isZero();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
