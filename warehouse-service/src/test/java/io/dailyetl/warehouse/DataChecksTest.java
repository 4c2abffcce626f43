package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.dailyetl.warehouse.Api.checksCounted;
import static io.dailyetl.warehouse.Api.commit;
import static io.dailyetl.warehouse.Api.open;
import static io.dailyetl.warehouse.Api.putBatch;
import static io.dailyetl.warehouse.Api.records;
import static io.dailyetl.warehouse.Api.snapshotDump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.Documents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The warehouse judges every load with its data checks before anything is merged: an error refuses the commit and
 * merges nothing, a warning lets it through and says so, and every result is kept.
 */
@QuarkusTest
@TestProfile(DataChecksTest.Strict.class)
@WithTestResource(PostgresResource.class)
class DataChecksTest {

    /** The source whose own reject-share error threshold is 1 %. */
    private static final String STRICT = "checks-strict";

    /** The source whose loads must carry at least 5 records and rejects. */
    private static final String AT_LEAST_5 = "checks-at-least-5";

    /** Errors this class opts into: one per source, the others for every source. */
    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "warehouse.checks.sources.\"" + STRICT + "\".reject-share.error",
                    "0.01",
                    "warehouse.checks.default.duplicate-share.error",
                    "0.5",
                    "warehouse.checks.default.volume.error",
                    "0.2",
                    "warehouse.checks.default.volume.runs",
                    "3",
                    "warehouse.checks.sources.\"" + AT_LEAST_5 + "\".volume.min",
                    "5");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/commit 422 checks-failed")
    @Documents("errors: 422 urn:daily-etl:checks-failed")
    void aCheckOverItsErrorThresholdRefusesTheCommitAndMergesNothing() throws SQLException {
        // given a load of the strict source with 1 reject in 10 (10 %, its error threshold is 1 %)
        String p = Api.uniquePrefix();
        String watermarkBefore =
                api().get("/api/sources/{s}/watermark", STRICT).then().extract().asString();
        String snapshotBefore = snapshotDump();
        String loadId = open(STRICT);
        putBatch(loadId, 0, records(p, 9, Api.uniqueWeek()), List.of(reject())).statusCode(200);

        // when it commits with a watermark
        JsonPath problem = commit(loadId, 1, 9, 1, "2026-11-01T10:00:00Z")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:checks-failed"))
                .body("title", is("Data checks failed"))
                .extract()
                .jsonPath();

        // then the answer names the failed check with what was observed and its threshold
        assertThat(problem.getString("detail")).contains("reject-share 0.1 against error threshold 0.01");
        assertThat(problem.getList("checks.check")).containsExactly("reject-share");
        assertThat(problem.getDouble("checks[0].observed")).isEqualTo(0.1);
        assertThat(problem.getDouble("checks[0].error")).isEqualTo(0.01);
        assertThat(problem.getString("checks[0].outcome")).isEqualTo("ERROR");
        // and nothing moved: the snapshot is as it was, the watermark too, and the load is still OPEN
        assertThat(snapshotDump()).isEqualTo(snapshotBefore);
        assertThat(api().get("/api/sources/{s}/watermark", STRICT)
                        .then()
                        .extract()
                        .asString())
                .isEqualTo(watermarkBefore);
        api().get("/api/loads/{id}", loadId).then().statusCode(200).body("status", is("OPEN"));
        // and every result was kept, passes included, with the thresholds and where they came from
        assertThat(keptResults(loadId))
                .containsExactly(
                        "reject-share source ERROR 0.1 0.05 0.01",
                        "duplicate-share default PASS 0.0 0.1 0.5",
                        "volume default PASS null 0.5 0.2");

        // and the load's checks answer them, the refusal's being the latest
        api().get("/api/loads/{id}/checks", loadId)
                .then()
                .statusCode(200)
                .body("check", contains("reject-share", "duplicate-share", "volume"))
                .body("outcome", contains("ERROR", "PASS", "PASS"));

        // and the sender can abort it
        api().post("/api/loads/{id}/abort", loadId).then().statusCode(200);
    }

    @Test
    void aWarningLetsTheCommitThroughAndIsAnsweredAndCounted() throws SQLException {
        // given a load with 1 reject in 10 of a source with the default thresholds (reject-share warns above 5 %)
        String source = Api.uniqueSource();
        String p = Api.uniquePrefix();
        double warnedBefore = checksCounted(registry, "reject-share", "WARN");
        double volumePassedBefore = checksCounted(registry, "volume", "PASS");
        String loadId = open(source);
        putBatch(loadId, 0, records(p, 9, Api.uniqueWeek()), List.of(reject())).statusCode(200);

        // when it commits
        JsonPath answer = commit(loadId, 1, 9, 1).statusCode(200).extract().jsonPath();

        // then it is COMMITTED and the answer carries every check's result, the warning among them
        assertThat(answer.getString("status")).isEqualTo("COMMITTED");
        assertThat(answer.getInt("inserted")).isEqualTo(9);
        assertThat(answer.getList("checks.check")).containsExactly("reject-share", "duplicate-share", "volume");
        assertThat(answer.getList("checks.outcome")).containsExactly("WARN", "PASS", "PASS");
        assertThat(answer.getDouble("checks[0].observed")).isEqualTo(0.1);
        assertThat(answer.getDouble("checks[0].warn")).isEqualTo(0.05);
        assertThat(answer.getString("checks[2].observed")).isNull();
        assertThat(answer.getString("checks[2].note")).contains("no committed load of the source yet");
        // and the counters moved by one each
        assertThat(checksCounted(registry, "reject-share", "WARN")).isEqualTo(warnedBefore + 1);
        assertThat(checksCounted(registry, "volume", "PASS")).isEqualTo(volumePassedBefore + 1);
        // and the results were kept with the commit, and the load's checks answer them as the commit did
        assertThat(keptResults(loadId)).first().isEqualTo("reject-share default WARN 0.1 0.05 null");
        List<Map<String, Object>> asked = api().get("/api/loads/{id}/checks", loadId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        assertThat(asked).isEqualTo(answer.getList("checks"));
        // and an unknown load has none to answer
        api().get("/api/loads/{id}/checks", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void volumeIsJudgedAgainstTheMedianOfTheSourcesLatestCommits() {
        // given a source whose loads committed 10, 20 and 30 records
        String source = Api.uniqueSource();
        for (int n : List.of(10, 20, 30)) {
            committed(source, n);
        }

        // when a load of 8 records commits (0.4 of the median 20: below the warning's 0.5)
        JsonPath warned = commitOf(source, 8).statusCode(200).extract().jsonPath();

        // then the volume check warned with the ratio to the median of the latest three
        assertThat(warned.getString("checks.find { it.check == 'volume' }.outcome"))
                .isEqualTo("WARN");
        assertThat(warned.getDouble("checks.find { it.check == 'volume' }.observed"))
                .isEqualTo(0.4);

        // and when a load of 3 records commits (0.15 of the median of 30, 20 and 8: below the error's 0.2)
        String refused = open(source);
        putBatch(refused, 0, records(Api.uniquePrefix(), 3, Api.uniqueWeek()), List.of())
                .statusCode(200);
        JsonPath problem = commit(refused, 1, 3, 0)
                .statusCode(422)
                .body("type", is("urn:daily-etl:checks-failed"))
                .extract()
                .jsonPath();

        // then it is refused, naming the volume check
        assertThat(problem.getList("checks.check")).containsExactly("volume");
        assertThat(problem.getDouble("checks[0].observed")).isEqualTo(0.15);
        assertThat(problem.getString("detail")).contains("volume 0.15 against error threshold 0.2");
        api().post("/api/loads/{id}/abort", refused).then().statusCode(200);
    }

    @Test
    void aLoadUnderItsSourcesMinimumVolumeIsRefusedEvenWithoutHistory() {
        // given a load of 3 records of a source whose minimum is 5, and no committed load of it yet
        String loadId = open(AT_LEAST_5);
        putBatch(loadId, 0, records(Api.uniquePrefix(), 3, Api.uniqueWeek()), List.of())
                .statusCode(200);

        // when it commits
        JsonPath problem = commit(loadId, 1, 3, 0).statusCode(422).extract().jsonPath();

        // then the volume check refused it, saying why, with no ratio to observe
        assertThat(problem.getList("checks.check")).containsExactly("volume");
        assertThat(problem.getString("checks[0].observed")).isNull();
        assertThat(problem.getString("detail")).contains("volume: 3 records, fewer than the minimum 5");
        api().post("/api/loads/{id}/abort", loadId).then().statusCode(200);
    }

    @Test
    void duplicateShareCountsTheEarlierOccurrencesOfAnIdInTheLoad() {
        // given a load of 10 records where 3 ids occur twice (3 earlier occurrences: 0.3)
        String source = Api.uniqueSource();
        String p = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        String loadId = open(source);
        putBatch(loadId, 0, records(p, 7, day), List.of()).statusCode(200);
        putBatch(loadId, 1, records(p, 3, day), List.of()).statusCode(200);

        // when it commits
        JsonPath answer = commit(loadId, 2, 10, 0).statusCode(200).extract().jsonPath();

        // then duplicate-share warned (above 0.1, not above the error's 0.5) and the merge counted the same
        assertThat(answer.getInt("duplicates")).isEqualTo(3);
        assertThat(answer.getString("checks.find { it.check == 'duplicate-share' }.outcome"))
                .isEqualTo("WARN");
        assertThat(answer.getDouble("checks.find { it.check == 'duplicate-share' }.observed"))
                .isEqualTo(0.3);

        // and a load with 6 earlier occurrences in 10 is refused
        String second = open(source);
        putBatch(second, 0, records(p, 4, day), List.of()).statusCode(200);
        putBatch(second, 1, records(p, 3, day), List.of()).statusCode(200);
        putBatch(second, 2, records(p, 3, day), List.of()).statusCode(200);
        commit(second, 3, 10, 0)
                .statusCode(422)
                .body("checks[0].check", is("duplicate-share"))
                .body("checks[0].observed", is(0.6f));
        api().post("/api/loads/{id}/abort", second).then().statusCode(200);
    }

    private void committed(String source, int records) {
        commitOf(source, records).statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse commitOf(String source, int records) {
        String loadId = open(source);
        putBatch(loadId, 0, records(Api.uniquePrefix(), records, Api.uniqueWeek()), List.of())
                .statusCode(200);
        return commit(loadId, 1, records, 0);
    }

    private static Map<String, Object> reject() {
        Map<String, Object> reject = new LinkedHashMap<>();
        reject.put("page", 1);
        reject.put("raw", Map.of("id", "x"));
        reject.put("reason", "amount: not a number");
        return reject;
    }

    /** The kept results of a load as "check scope outcome observed warn error", in the order judged. */
    private static List<String> keptResults(String loadId) throws SQLException {
        List<String> kept = new ArrayList<>();
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(
                        "select check_name, scope, outcome, observed, warn, error from load_check where load_id = ? "
                                + "order by id")) {
            ps.setObject(1, UUID.fromString(loadId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kept.add(String.join(
                            " ",
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            String.valueOf(rs.getObject(4)),
                            String.valueOf(rs.getObject(5)),
                            String.valueOf(rs.getObject(6))));
                }
            }
        }
        return kept;
    }
}
