package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.dailyetl.warehouse.Api.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A record is identified by its source and its id: two providers whose ids collide keep a row each, a change from
 * one never touches the other's, and user spend sums across sources unless a source is named.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SourceIdentityTest {

    @Test
    void theSameIdFromTwoSourcesIsTwoRecordsAndAChangeFromOneLeavesTheOther() throws SQLException {
        // given a source that loaded two ids
        String cards = "a-" + Api.uniqueSource();
        String payments = "b-" + Api.uniqueSource();
        String p = Api.uniquePrefix();
        String at = Api.uniqueWeek() + "T10:00:00Z";
        Api.load(
                        cards,
                        List.of(List.of(
                                record(p + "1", p + "a", "1.00", "active", at),
                                record(p + "2", p + "a", "2.00", "active", at))))
                .body("inserted", is(2));

        // when another source sends one of the same ids, with other values, and a new one
        Api.load(
                        payments,
                        List.of(List.of(
                                record(p + "1", p + "b", "10.00", "pending", at),
                                record(p + "3", p + "b", "30.00", "active", at))))
                .body("inserted", is(2))
                .body("updated", is(0))
                .body("unchanged", is(0));

        // then both versions of the id are kept, each under its source
        assertThat(rows(p))
                .containsExactly(
                        cards + " " + p + "1 " + p + "a 1.00 active",
                        cards + " " + p + "2 " + p + "a 2.00 active",
                        payments + " " + p + "1 " + p + "b 10.00 pending",
                        payments + " " + p + "3 " + p + "b 30.00 active");

        // and when the first source changes that id, only its own row changes
        Api.load(cards, List.of(List.of(record(p + "1", p + "a", "1.50", "active", at))))
                .body("inserted", is(0))
                .body("updated", is(1));
        assertThat(rows(p))
                .containsExactly(
                        cards + " " + p + "1 " + p + "a 1.50 active",
                        cards + " " + p + "2 " + p + "a 2.00 active",
                        payments + " " + p + "1 " + p + "b 10.00 pending",
                        payments + " " + p + "3 " + p + "b 30.00 active");
    }

    @Test
    void userSpendSumsEverySourceUnlessOneIsNamed() {
        // given one user's records from two sources, one id in both
        String cards = Api.uniqueSource();
        String payments = Api.uniqueSource();
        String p = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        String at = day + "T10:00:00Z";
        Api.load(cards, List.of(List.of(record(p + "1", p + "u", "1.25", "active", at))));
        Api.load(
                payments,
                List.of(List.of(
                        record(p + "1", p + "u", "2.50", "active", at),
                        record(p + "2", p + "u", "4.00", "active", at))));

        // then the spend is summed across both by default, and is one source's when it is named
        spend(day, null).body("total", is("7.75")).body("rows[0].transactions", is(3));
        spend(day, cards).body("total", is("1.25")).body("rows[0].transactions", is(1));
        spend(day, payments).body("total", is("6.50")).body("rows[0].transactions", is(2));
        // and the CSV keeps its columns
        String csv = api().accept("text/csv")
                .queryParam("from", day.toString())
                .queryParam("to", day.plusDays(1).toString())
                .queryParam("source", payments)
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(csv).isEqualTo("user_id,total_spent\r\n" + p + "u,6.50\r\n");
    }

    @Test
    void userSpendOfASourceNoLoadCameFromIsRefusedNamingIt() {
        String known = Api.uniqueSource();
        Api.load(
                known,
                List.of(List.of(record(Api.uniquePrefix() + "1", "u", "1.00", "active", "2026-11-17T10:00:00Z"))));

        api().queryParam("from", "2026-11-16")
                .queryParam("to", "2026-11-23")
                .queryParam("source", "no-such-source")
                .when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("source"))
                .body("errors[0].message", containsString("no load of source \"no-such-source\""))
                .body("errors[0].message", containsString(known));
    }

    private static io.restassured.response.ValidatableResponse spend(LocalDate day, String source) {
        var request = api().queryParam("from", day.toString())
                .queryParam("to", day.plusDays(1).toString());
        if (source != null) {
            request.queryParam("source", source);
        }
        return request.when().get("/api/analytics/user-spend").then().statusCode(200);
    }

    /** The snapshot's rows with ids of this prefix: "source id user amount status", by source and id. */
    private static List<String> rows(String prefix) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement("select source || ' ' || id || ' ' || user_id || ' ' || "
                        + "amount || ' ' || status from daily_snapshot where id like ? order by source, id")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }
}
