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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code warehouse.analytics.pre-aggregated=false} and {@code pre-aggregate-from-rows} set, the per-user day
 * totals are not kept while the snapshot is small, turn on at the commit that makes it large, equal the snapshot
 * from then on, and are kept by a start with the same settings.
 */
@QuarkusTest
@TestProfile(DaySpendTotalsFromSizeTest.FromThreeRows.class)
@WithTestResource(PostgresResource.class)
class DaySpendTotalsFromSizeTest {

    /**
     * The one source of this class's loads: a record is identified by its source and its id, so the loads that
     * change a record come from the same source.
     */
    private static final String SOURCE = Api.uniqueSource();

    public static class FromThreeRows implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "warehouse.analytics.pre-aggregated", "false", "warehouse.analytics.pre-aggregate-from-rows", "3");
        }
    }

    @Test
    void theCommitThatMakesTheSnapshotLargeTurnsTheTotalsOnAndLaterCommitsKeepThemEqual() throws SQLException {
        // given an empty snapshot and totals not kept
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            st.execute("truncate daily_snapshot");
            c.setAutoCommit(false);
            DaySpendTotals.stopKeeping(c);
            c.commit();
        }
        String p = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();

        // when a load leaves two rows, then they stay not kept, and user spend is summed from the snapshot
        Api.load(
                SOURCE,
                List.of(List.of(
                        record(p + "1", p + "a", "1.00", "active", day + "T10:00:00Z"),
                        record(p + "2", p + "b", "2.00", "active", day + "T11:00:00Z"))));
        assertThat(zone()).isEqualTo(DaySpendTotals.NOT_KEPT);
        spendIs(day, 2, "3.00");
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            st.execute("analyze daily_snapshot"); // as autovacuum does after a load: PostgreSQL counts its rows
        }

        // when a load leaves three, then they are built from the whole snapshot and kept
        Api.load(SOURCE, List.of(List.of(record(p + "3", p + "a", "4.00", "active", day + "T12:00:00Z"))));
        assertThat(zone()).isEqualTo("UTC");
        assertThat(DaySpendTotalsTest.differences("")).isEmpty();
        spendIs(day, 2, "7.00");

        // and a later commit that changes and adds rows moves them with the snapshot
        Api.load(
                SOURCE,
                List.of(List.of(
                        record(p + "1", p + "a", "1.00", "refunded", day + "T10:00:00Z"),
                        record(p + "4", p + "c", "0.50", "active", day.plusDays(1) + "T09:00:00Z"))));
        assertThat(DaySpendTotalsTest.differences("")).isEmpty();
        spendIs(day, 3, "6.50");
    }

    @Test
    void aStartKeepsTotalsACommitTurnedOnInItsZoneAndLeavesOthersNotKept() throws SQLException {
        // given totals kept with days in another zone
        try (Connection c = TestDatabase.shared().connect()) {
            c.setAutoCommit(false);
            DaySpendTotals.useZone(c, "Europe/Berlin");
            c.commit();

            // when a start with the size threshold sees them, then they are kept, rebuilt with days in its zone
            assertThat(DaySpendTotals.keepIfKept(c, "UTC")).isTrue();
            c.commit();
            assertThat(DaySpendTotals.zone(c)).isEqualTo("UTC");
            assertThat(DaySpendTotalsTest.differences("")).isEmpty();

            // and totals not kept stay so
            DaySpendTotals.stopKeeping(c);
            c.commit();
            assertThat(DaySpendTotals.keepIfKept(c, "UTC")).isFalse();
            c.commit();
            assertThat(DaySpendTotals.zone(c)).isEqualTo(DaySpendTotals.NOT_KEPT);
        }
    }

    private static String zone() throws SQLException {
        try (Connection c = TestDatabase.shared().connect()) {
            return DaySpendTotals.zone(c);
        }
    }

    private static void spendIs(LocalDate day, int users, String total) {
        Api.api()
                .queryParam("from", day.toString())
                .queryParam("to", day.plusDays(2).toString())
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .body("users", is(users))
                .body("total", is(total));
    }
}
