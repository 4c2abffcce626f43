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
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-user day totals (user_day_spend) follow every kind of change a merge makes, so the user-spend answers read
 * from them equal what the snapshot sums to; a change of zone rebuilds them in the new one.
 */
@QuarkusTest
@TestProfile(DaySpendTotalsTest.On.class)
@WithTestResource(PostgresResource.class)
class DaySpendTotalsTest {

    /**
     * The one source of this class's loads: a record is identified by its source and its id, so the loads that
     * change a record come from the same source.
     */
    private static final String SOURCE = Api.uniqueSource();

    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("warehouse.analytics.pre-aggregated", "true");
        }
    }

    @Test
    void aLoadIntoAnEmptySnapshotSumsTheTotalsAnew() throws SQLException {
        // given an emptied snapshot (the totals still hold what it had)
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            st.execute("truncate daily_snapshot");
        }
        String p = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();

        // when a load fills it (the merge that inserts without indexes)
        Api.load(
                SOURCE,
                List.of(List.of(
                        record(p + "1", p + "a", "1.00", "active", day + "T10:00:00Z"),
                        record(p + "1", p + "a", "1.50", "active", day + "T10:00:00Z"),
                        record(p + "2", p + "b", "2.00", "pending", day + "T11:00:00Z"))));

        // then the totals are the snapshot's, all of them
        assertThat(differences("")).isEmpty();
        assertThat(totals(p)).containsExactly(day + " active " + p + "a 1.50 1", day + " pending " + p + "b 2.00 1");
    }

    @Test
    void totalsFollowEveryKindOfChangeAndEqualTheSnapshot() throws SQLException {
        // given a first load: two users, two days, two statuses, an id sent twice (the last wins)
        String p = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        String d1 = day + "T10:00:00Z";
        String d2 = day.plusDays(1) + "T23:59:59.999999Z";
        Api.load(
                SOURCE,
                List.of(List.of(
                        record(p + "1", p + "a", "1.10", "active", d1),
                        record(p + "2", p + "a", "2.20", "active", d1),
                        record(p + "3", p + "a", "3.30", "refunded", d2),
                        record(p + "4", p + "b", "4.40", "active", d2),
                        record(p + "4", p + "b", "4.45", "active", d2))));
        assertThat(differences(p)).isEmpty();
        assertThat(totals(p))
                .containsExactlyInAnyOrder(
                        day + " active " + p + "a 3.30 2",
                        day.plusDays(1) + " refunded " + p + "a 3.30 1",
                        day.plusDays(1) + " active " + p + "b 4.45 1");

        // when a second load changes an amount, a status, a day and a user, and adds an id
        Api.load(
                        SOURCE,
                        List.of(List.of(
                                record(p + "1", p + "a", "1.15", "active", d1),
                                record(p + "2", p + "a", "2.20", "pending", d1),
                                record(p + "3", p + "a", "3.30", "refunded", d1),
                                record(p + "4", p + "c", "4.45", "active", d2),
                                record(p + "5", p + "b", "0.05", "active", d2))))
                .body("inserted", is(1))
                .body("updated", is(4));

        // then the totals are the snapshot's, and the emptied rows are gone
        assertThat(differences(p)).isEmpty();
        assertThat(totals(p))
                .containsExactlyInAnyOrder(
                        day + " active " + p + "a 1.15 1",
                        day + " pending " + p + "a 2.20 1",
                        day + " refunded " + p + "a 3.30 1",
                        day.plusDays(1) + " active " + p + "c 4.45 1",
                        day.plusDays(1) + " active " + p + "b 0.05 1");

        // and the user-spend answer, read from them, is the snapshot's
        Api.api()
                .queryParam("from", day.toString())
                .queryParam("to", day.plusDays(7).toString())
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .body("users", is(3))
                .body("total", is("5.65"))
                .body("rows[0].userId", is(p + "c"))
                .body("rows[0].totalSpent", is("4.45"))
                .body("rows[1].userId", is(p + "a"))
                .body("rows[1].totalSpent", is("1.15"))
                .body("rows[2].userId", is(p + "b"))
                .body("rows[2].totalSpent", is("0.05"));
    }

    @Test
    void aChangeOfZoneRebuildsTheTotalsWithDaysInTheNewZone() throws SQLException {
        // given a record at 23:30 UTC, which is the next day in Berlin
        String p = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        Api.load(SOURCE, List.of(List.of(record(p + "1", p + "a", "1.00", "active", day + "T23:30:00Z"))));
        assertThat(totals(p)).containsExactly(day + " active " + p + "a 1.00 1");
        try (Connection c = TestDatabase.shared().connect()) {
            c.setAutoCommit(false);
            try {
                // when the totals are made dates in Europe/Berlin
                assertThat(DaySpendTotals.useZone(c, "Europe/Berlin")).isTrue();
                c.commit();

                // then they are rebuilt with Berlin's days, and equal the snapshot's there
                assertThat(totals(p)).containsExactly(day.plusDays(1) + " active " + p + "a 1.00 1");
                assertThat(differences(p)).isEmpty();
                assertThat(DaySpendTotals.useZone(c, "Europe/Berlin"))
                        .as("a second time")
                        .isFalse();
                c.commit();
            } finally {
                DaySpendTotals.useZone(c, "UTC");
                c.commit();
            }
        }
        assertThat(totals(p)).containsExactly(day + " active " + p + "a 1.00 1");
    }

    @Test
    void whileTheyAreMarkedNotKeptCommitsLeaveThemAndSucceed() throws SQLException {
        // given totals marked as not kept (by a replica started with them off, or before they were first built)
        String p = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        try (Connection c = TestDatabase.shared().connect()) {
            c.setAutoCommit(false);
            DaySpendTotals.stopKeeping(c);
            c.commit();
            try {
                // when loads commit, into an empty snapshot too
                try (Statement st = c.createStatement()) {
                    st.execute("truncate daily_snapshot");
                }
                c.commit();
                Api.load(SOURCE, List.of(List.of(record(p + "1", p + "a", "1.00", "active", day + "T10:00:00Z"))));
                Api.load(SOURCE, List.of(List.of(record(p + "1", p + "a", "2.00", "active", day + "T10:00:00Z"))))
                        .body("updated", is(1));

                // then they are left alone, and user spend comes from the snapshot
                assertThat(totals(p)).isEmpty();
                Api.api()
                        .queryParam("from", day.toString())
                        .queryParam("to", day.plusDays(1).toString())
                        .get("/api/analytics/user-spend")
                        .then()
                        .statusCode(200)
                        .body("total", is("2.00"));
            } finally {
                DaySpendTotals.useZone(c, "UTC");
                c.commit();
            }
        }
        assertThat(totals(p)).containsExactly(day + " active " + p + "a 2.00 1");
    }

    @Test
    void oneSourcesSpendComesFromItsOwnTotals() throws SQLException {
        // given one user's records from two sources, one id in both
        String cards = Api.uniqueSource();
        String payments = Api.uniqueSource();
        String p = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        Api.load(cards, List.of(List.of(record(p + "1", p + "a", "1.25", "active", day + "T10:00:00Z"))));
        Api.load(
                payments,
                List.of(List.of(
                        record(p + "1", p + "a", "2.50", "active", day + "T10:00:00Z"),
                        record(p + "2", p + "a", "4.00", "active", day + "T11:00:00Z"))));

        // then the totals hold a row per source, and the spend is summed across them or taken from one
        assertThat(differences(p)).isEmpty();
        assertThat(rows(
                        "select day::text, status, source, total::text, transactions from user_day_spend "
                                + "where user_id like ? order by total",
                        p))
                .containsExactly(day + " active " + cards + " 1.25 1", day + " active " + payments + " 6.50 2");
        for (String[] asked : new String[][] {{null, "7.75"}, {cards, "1.25"}, {payments, "6.50"}}) {
            var request = Api.api()
                    .queryParam("from", day.toString())
                    .queryParam("to", day.plusDays(1).toString());
            if (asked[0] != null) {
                request.queryParam("source", asked[0]);
            }
            request.get("/api/analytics/user-spend").then().statusCode(200).body("total", is(asked[1]));
        }
    }

    /** The totals of users with this prefix: "day status user total transactions". */
    private static List<String> totals(String prefix) throws SQLException {
        return rows(
                "select day::text, status, user_id, total::text, transactions from user_day_spend "
                        + "where user_id like ? order by 1, 2, 3",
                prefix);
    }

    /**
     * Rows in which the totals and a sum over the snapshot (in the totals' zone, per source) differ, for users with
     * this prefix,
     * both ways; empty when they agree. A total row with no transactions counts as a difference.
     */
    static List<String> differences(String prefix) throws SQLException {
        String snapshot =
                "select (created_at at time zone (select zone from user_day_spend_zone))::date as day, status, "
                        + "source, user_id, sum(amount) as total, count(*) as transactions from daily_snapshot "
                        + "where user_id like ? group by 1, 2, 3, 4";
        String totals =
                "select day, status, source, user_id, total, transactions from user_day_spend where user_id like ?";
        List<String> out = new ArrayList<>();
        out.addAll(rows("(" + totals + ") except (" + snapshot + ")", prefix, prefix));
        out.addAll(rows("(" + snapshot + ") except (" + totals + ")", prefix, prefix));
        return out;
    }

    private static List<String> rows(String sql, String... prefixes) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(
                        sql.contains("except")
                                ? "select d.day::text, d.status, d.user_id, d.total::text, d.transactions from (" + sql
                                        + ") d"
                                : sql)) {
            for (int i = 0; i < prefixes.length; i++) {
                ps.setString(i + 1, prefixes[i] + "%");
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4)
                            + " " + rs.getLong(5));
                }
            }
        }
        return rows;
    }
}
