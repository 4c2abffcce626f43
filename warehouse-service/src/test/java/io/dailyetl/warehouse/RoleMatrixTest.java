package io.dailyetl.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every warehouse endpoint against every role: the roles allowed get their answer, every other token 403, no token
 * 401, a token the warehouse does not know 403; and no spelling of a path or method gets around the check. Each
 * call prepares its own load, delivery or run with the operator token, so an allowed call really succeeds.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RoleMatrixTest {

    static final String OPERATOR = Api.TOKEN;
    static final String LOADER = "test-loader-token";
    static final String READER = "test-reader-token";
    static final Map<String, String> ROLES = Map.of("operator", OPERATOR, "loader", LOADER, "reader", READER);

    /** One endpoint: which roles may call it, and a call that prepares what it needs and then makes the request. */
    record Endpoint(String name, Set<String> allowed, Function<RequestSpecification, Response> call) {}

    static List<Endpoint> endpoints() {
        Set<String> loaders = Set.of("loader", "operator");
        Set<String> readers = Set.of("reader", "operator");
        Set<String> operators = Set.of("operator");
        List<Endpoint> all = new ArrayList<>();
        all.add(new Endpoint(
                "POST /api/loads",
                loaders,
                as -> as.contentType(ContentType.JSON)
                        .body(Map.of("source", Api.uniqueSource()))
                        .post("/api/loads")));
        all.add(new Endpoint(
                "PUT /api/loads/{id}/batches/{seq}",
                loaders,
                as -> as.contentType(ContentType.JSON)
                        .body(Map.of(
                                "records", Api.records(Api.uniquePrefix(), 2, Api.uniqueWeek()), "rejects", List.of()))
                        .put("/api/loads/{id}/batches/0", Api.open(Api.uniqueSource()))));
        all.add(new Endpoint("POST /api/loads/{id}/commit", loaders, as -> {
            String load = Api.open(Api.uniqueSource());
            Api.putBatch(load, 0, Api.records(Api.uniquePrefix(), 2, Api.uniqueWeek()), List.of())
                    .statusCode(200);
            return as.contentType(ContentType.JSON)
                    .body(Map.of("batches", 1, "records", 2, "rejects", 0))
                    .post("/api/loads/{id}/commit", load);
        }));
        all.add(new Endpoint(
                "POST /api/loads/{id}/heartbeat",
                loaders,
                as -> as.post("/api/loads/{id}/heartbeat", Api.open(Api.uniqueSource()))));
        all.add(new Endpoint(
                "POST /api/loads/{id}/abort",
                loaders,
                as -> as.post("/api/loads/{id}/abort", Api.open(Api.uniqueSource()))));
        all.add(new Endpoint(
                "GET /api/loads/{id}", loaders, as -> as.get("/api/loads/{id}", Api.open(Api.uniqueSource()))));
        all.add(new Endpoint(
                "GET /api/loads/{id}/checks",
                loaders,
                as -> as.get("/api/loads/{id}/checks", Api.open(Api.uniqueSource()))));
        all.add(new Endpoint("GET /api/loads", readers, as -> as.get("/api/loads")));
        all.add(new Endpoint(
                "GET /api/loads/{id}/rejects",
                readers,
                as -> as.get("/api/loads/{id}/rejects", Api.open(Api.uniqueSource()))));
        all.add(new Endpoint(
                "GET /api/analytics/user-spend",
                readers,
                as -> as.get("/api/analytics/user-spend?from=2026-01-01&to=2026-01-08")));
        all.add(new Endpoint(
                "POST /api/report-deliveries",
                readers,
                as -> as.contentType(ContentType.JSON)
                        .body(claim(Api.uniqueWeek(), false))
                        .post("/api/report-deliveries")));
        all.add(new Endpoint(
                "POST /api/report-deliveries (force)",
                operators,
                as -> as.contentType(ContentType.JSON)
                        .body(claim(Api.uniqueWeek(), true))
                        .post("/api/report-deliveries")));
        all.add(new Endpoint(
                "POST /api/report-deliveries/{id}/sent",
                readers,
                as -> as.contentType(ContentType.JSON)
                        .body(Map.of("users", 1, "total", "1.00"))
                        .post("/api/report-deliveries/{id}/sent", claimed())));
        all.add(new Endpoint(
                "POST /api/report-deliveries/{id}/failed",
                readers,
                as -> as.contentType(ContentType.JSON)
                        .body(Map.of("error", "smtp down"))
                        .post("/api/report-deliveries/{id}/failed", claimed())));
        all.add(new Endpoint("GET /api/report-deliveries", readers, as -> as.get("/api/report-deliveries")));
        all.add(new Endpoint(
                "POST /api/audit",
                operators,
                as -> as.contentType(ContentType.JSON)
                        .body(AuditLogTest.entry("role matrix", "OK"))
                        .post("/api/audit")));
        all.add(new Endpoint("GET /api/audit", readers, as -> as.get("/api/audit")));
        all.add(new Endpoint(
                "PUT /api/runs/{id}",
                loaders,
                as -> as.contentType(ContentType.JSON).body(run()).put("/api/runs/{id}", UUID.randomUUID())));
        all.add(new Endpoint("GET /api/runs/{id}", Set.of("loader", "reader", "operator"), as -> {
            String run = UUID.randomUUID().toString();
            Api.api()
                    .contentType(ContentType.JSON)
                    .body(run())
                    .put("/api/runs/{id}", run)
                    .then()
                    .statusCode(200);
            return as.get("/api/runs/{id}", run);
        }));
        all.add(new Endpoint("GET /api/runs", Set.of("loader", "reader", "operator"), as -> as.get("/api/runs")));
        all.add(new Endpoint("GET /api/sources/{source}/watermark", Set.of("loader", "reader", "operator"), as -> {
            String source = Api.uniqueSource();
            String load = Api.open(source);
            Api.putBatch(load, 0, Api.records(Api.uniquePrefix(), 1, Api.uniqueWeek()), List.of())
                    .statusCode(200);
            Api.commit(load, 1, 1, 0, "2026-11-01T10:00:00Z").statusCode(200);
            return as.get("/api/sources/{source}/watermark", source);
        }));
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEachRoleAsItsRolesAllow() {
        return endpoints().stream()
                .flatMap(e -> ROLES.entrySet().stream()
                        .map(role -> DynamicTest.dynamicTest(e.name() + " as " + role.getKey(), () -> {
                            // when the endpoint is called with this role's token
                            Response answer = e.call().apply(given().auth().oauth2(role.getValue()));

                            // then an allowed role gets its answer and any other a problem saying no
                            if (e.allowed().contains(role.getKey())) {
                                assertThat(answer.statusCode())
                                        .as(answer.asString())
                                        .isBetween(200, 299);
                            } else {
                                assertThat(answer.statusCode())
                                        .as(answer.asString())
                                        .isEqualTo(403);
                                assertThat(answer.contentType()).startsWith("application/problem+json");
                            }
                        })));
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersNoToken401AndAnUnknownOne403() {
        return endpoints().stream()
                .flatMap(e -> Stream.of(
                        DynamicTest.dynamicTest(e.name() + " without a token", () -> {
                            Response answer = e.call().apply(given());
                            assertThat(answer.statusCode())
                                    .as(answer.asString())
                                    .isEqualTo(401);
                            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
                            assertThat(answer.contentType()).startsWith("application/problem+json");
                        }),
                        DynamicTest.dynamicTest(e.name() + " with an unknown token", () -> {
                            Response answer = e.call().apply(given().auth().oauth2(OPERATOR + "x"));
                            assertThat(answer.statusCode())
                                    .as(answer.asString())
                                    .isEqualTo(403);
                        }),
                        DynamicTest.dynamicTest(e.name() + " with a token that is not a bearer token", () -> {
                            Response answer = e.call().apply(given().header("Authorization", "Basic " + OPERATOR));
                            assertThat(answer.statusCode())
                                    .as(answer.asString())
                                    .isEqualTo(401);
                        })));
    }

    @Test
    @Documents("errors: 403 urn:daily-etl:forbidden")
    void aReaderCannotForceAResendAndTheRefusalNamesTheField() {
        // given a window a reader claimed and sent
        LocalDate from = Api.uniqueWeek();
        String id = given().auth()
                .oauth2(READER)
                .contentType(ContentType.JSON)
                .body(claim(from, false))
                .post("/api/report-deliveries")
                .then()
                .statusCode(201)
                .extract()
                .path("deliveryId");
        given().auth()
                .oauth2(READER)
                .contentType(ContentType.JSON)
                .body(Map.of("users", 1, "total", "1.00"))
                .post("/api/report-deliveries/{id}/sent", id)
                .then()
                .statusCode(200);

        // when the reader forces a resend, it is refused, naming force; the operator may
        given().auth()
                .oauth2(READER)
                .contentType(ContentType.JSON)
                .body(claim(from, true))
                .post("/api/report-deliveries")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", Matchers.is("urn:daily-etl:forbidden"))
                .body("errors[0].field", Matchers.is("force"));
        given().auth()
                .oauth2(OPERATOR)
                .contentType(ContentType.JSON)
                .body(claim(from, true))
                .post("/api/report-deliveries")
                .then()
                .statusCode(201);
    }

    @Test
    void pathSpellingsNeverReachTheRejectsWithoutARoleThatMayReadThem() {
        // given a load with a reject only an operator or a reader may read
        String load = Api.open(Api.uniqueSource());
        Api.putBatch(load, 0, List.of(), List.of(Map.of("raw", "{\"id\":\"secret-raw-row\"}", "reason", "bad")))
                .statusCode(200);
        List<String> spellings = List.of(
                "/api/loads/" + load + "/rejects",
                "//api/loads/" + load + "/rejects",
                "/api//loads/" + load + "/rejects",
                "/api/loads/" + load + "/rejects/",
                "/api/loads/" + load + "/rejects;x=1",
                "/api/loads;x=1/" + load + "/rejects",
                "/api/loads/" + load + ";x=1/rejects",
                "/api/loads/" + load + "%2Frejects",
                "/api%2Floads%2F" + load + "%2Frejects",
                "/api/./loads/" + load + "/rejects",
                "/api/x/../loads/" + load + "/rejects",
                "/q/../api/loads/" + load + "/rejects",
                "/API/loads/" + load + "/rejects",
                "/api/loads/" + load + "/rejects?limit=10",
                "/api/loads/" + load.toUpperCase() + "/rejects");

        for (String path : spellings) {
            Map<String, RequestSpecification> withoutTheRole = new LinkedHashMap<>(nonOperators());
            withoutTheRole.remove("reader");
            for (Map.Entry<String, RequestSpecification> caller : withoutTheRole.entrySet()) {
                for (String method : List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH")) {
                    // when a caller without the operator or reader role tries it
                    Response answer =
                            caller.getValue().urlEncodingEnabled(false).request(method, path);

                    // then it is refused or not found, and never sees the row
                    assertThat(answer.statusCode())
                            .as(method + " " + path + " by " + caller.getKey())
                            .isIn(401, 403, 404, 405);
                    assertThat(answer.asString())
                            .as(method + " " + path + " by " + caller.getKey())
                            .doesNotContain("secret-raw-row");
                }
            }
        }
        // and the operator, with the plain spelling, does see it (so the check above could fail)
        assertThat(Api.api().get("/api/loads/{id}/rejects", load).asString()).contains("secret-raw-row");
    }

    @Test
    void headOfAProtectedPathIsCheckedLikeItsGet() {
        assertThat(given().head("/api/loads").statusCode()).isEqualTo(401);
        assertThat(given().auth().oauth2(LOADER).head("/api/loads").statusCode())
                .isEqualTo(403);
        assertThat(given().auth().oauth2(OPERATOR).head("/api/loads").statusCode())
                .isEqualTo(200);
    }

    @Test
    void optionsIsAMethodNoEndpointServesWhoeverAsks() {
        String load = Api.open(Api.uniqueSource());
        for (String path :
                List.of("/api/loads", "/api/loads/" + load, "/api/loads/" + load + "/rejects", "/api/runs")) {
            for (Map.Entry<String, RequestSpecification> caller : allCallers().entrySet()) {
                // when anyone, the operator included, asks OPTIONS
                Response answer = caller.getValue().options(path);

                // then it is a method not allowed, never a refusal of the caller's role, and no Allow header
                // tells the path's methods
                assertThat(answer.statusCode())
                        .as("OPTIONS " + path + " by " + caller.getKey())
                        .isEqualTo(405);
                assertThat(answer.contentType()).isEqualTo("application/problem+json");
                assertThat(answer.jsonPath().getString("type")).isEqualTo("about:blank");
                assertThat(answer.jsonPath().getString("title")).isEqualTo("Method Not Allowed");
                assertThat(answer.jsonPath().getString("detail")).doesNotContain("role");
                assertThat(answer.header("Allow")).isNull();
            }
        }
    }

    private static Map<String, RequestSpecification> allCallers() {
        Map<String, RequestSpecification> callers = new LinkedHashMap<>(nonOperators());
        callers.put("operator", given().auth().oauth2(OPERATOR));
        return callers;
    }

    private static Map<String, RequestSpecification> nonOperators() {
        Map<String, RequestSpecification> callers = new LinkedHashMap<>();
        callers.put("no token", given());
        callers.put("loader", given().auth().oauth2(LOADER));
        callers.put("reader", given().auth().oauth2(READER));
        callers.put("unknown token", given().auth().oauth2("guess"));
        return callers;
    }

    private static Map<String, Object> claim(LocalDate from, boolean force) {
        return Map.of(
                "report",
                "weekly",
                "from",
                from.toString(),
                "to",
                from.plusDays(7).toString(),
                "recipients",
                List.of("ops@example.com"),
                "force",
                force);
    }

    private static String claimed() {
        return Api.api()
                .contentType(ContentType.JSON)
                .body(claim(Api.uniqueWeek(), false))
                .post("/api/report-deliveries")
                .then()
                .statusCode(201)
                .extract()
                .path("deliveryId");
    }

    private static Map<String, Object> run() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", Api.uniqueSource());
        r.put("status", "RUNNING");
        r.put("trigger", "api");
        r.put("logicalDate", "2026-12-02");
        r.put("startedAt", "2026-12-02T10:00:00Z");
        r.put("attempts", List.of(Map.of("number", 1, "startedAt", "2026-12-02T10:00:00Z")));
        r.put("version", 1);
        return r;
    }
}
