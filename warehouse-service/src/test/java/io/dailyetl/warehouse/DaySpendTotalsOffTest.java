package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.warehouse.merge.DaySpendTotals;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code warehouse.analytics.pre-aggregated=false} and {@code pre-aggregate-from-rows=0} (never on from a size)
 * merges leave the per-user day totals alone, which are marked as not kept, so user spend is summed from the snapshot
 * (the same answer); turning them on rebuilds them.
 */
@QuarkusTest
@TestProfile(DaySpendTotalsOffTest.Never.class)
@WithTestResource(PostgresResource.class)
class DaySpendTotalsOffTest {

    public static class Never implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "warehouse.analytics.pre-aggregated", "false", "warehouse.analytics.pre-aggregate-from-rows", "0");
        }
    }

    @Test
    void totalsAreNotKeptNorReadAndTurningThemOnRebuildsThem() throws SQLException {
        // given a load while the totals are off
        String p = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        Api.load(Api.uniqueSource(), List.of(List.of(record(p + "1", p + "a", "2.50", "active", day + "T10:00:00Z"))));

        // then they were not moved, nor are they read: the answer comes from the snapshot
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement("select count(*) from user_day_spend where user_id like ?")) {
            assertThat(DaySpendTotals.zone(c)).isEqualTo(DaySpendTotals.NOT_KEPT);
            ps.setString(1, p + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
        Api.api()
                .queryParam("from", day.toString())
                .queryParam("to", day.plusDays(1).toString())
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .body("users", is(1))
                .body("total", is("2.50"));

        // when they are turned on (a start with pre-aggregated=true does this)
        try (Connection c = TestDatabase.shared().connect()) {
            c.setAutoCommit(false);
            assertThat(DaySpendTotals.useZone(c, "UTC")).isTrue();
            c.commit();
        }

        // then they are rebuilt from the snapshot
        assertThat(DaySpendTotalsTest.differences(p)).isEmpty();
    }
}
