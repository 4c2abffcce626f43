package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.commit;
import static io.dailyetl.warehouse.Api.open;
import static io.dailyetl.warehouse.Api.putBatch;
import static io.dailyetl.warehouse.Api.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.micrometer.core.instrument.Counter;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code warehouse.checks.enabled=false} judges nothing: no result, no kept row, no metric, whatever is configured. */
@QuarkusTest
@TestProfile(ChecksOffTest.Off.class)
@WithTestResource(PostgresResource.class)
class ChecksOffTest {

    /** Checks switched off, with thresholds that would refuse every load. */
    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "warehouse.checks.enabled", "false",
                    "warehouse.checks.default.reject-share.error", "0",
                    "warehouse.checks.default.fields.amount.range.max", "0",
                    "warehouse.checks.default.fields.amount.range.error", "0",
                    "warehouse.checks.default.freshness.error", "1s");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void aLoadThatEveryCheckWouldRefuseCommitsUnjudged() throws SQLException {
        // given a load with a reject and amounts above the range's max
        double judgedBefore = judged();
        String loadId = open(Api.uniqueSource());
        putBatch(
                        loadId,
                        0,
                        records(Api.uniquePrefix(), 5, Api.uniqueWeek()),
                        List.of(Map.of("page", 1, "raw", Map.of("id", "x"), "reason", "amount: not a number")))
                .statusCode(200);

        // when it commits
        JsonPath answer = commit(loadId, 1, 5, 1).statusCode(200).extract().jsonPath();

        // then it committed with no checks, none kept, none counted
        assertThat(answer.getString("status")).isEqualTo("COMMITTED");
        assertThat(answer.getList("checks")).isEmpty();
        assertThat(keptRows(loadId)).isZero();
        assertThat(judged()).isEqualTo(judgedBefore);
    }

    /** Every check judged so far, of any check and outcome. */
    private double judged() {
        return registry.find("warehouse.checks").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static long keptRows(String loadId) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement("select count(*) from load_check where load_id = ?")) {
            ps.setObject(1, UUID.fromString(loadId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
