package io.dailyetl.demo;

import static io.dailyetl.demo.ChangedSinceFilterTest.filter;
import static io.dailyetl.demo.ChangedSinceFilterTest.iso;
import static io.dailyetl.demo.ChangingWorld.dayStart;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.demo.ChangingWorld.Style;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expected answers follow the world day by day, and agree with an independent reading of what it serves. */
@QuarkusTest
@TestProfile(ChangingWorld.Profile.class)
class ChangingTruthTest {

    @Test
    void theExpectedAnswersMatchAFullPullAfterSeveralDays() {
        int day = ChangingWorld.atLeast((int) ChangingWorld.today().get("day") + 3);
        List<JsonNode> all = ChangingWorld.everything();

        Map<String, ExpectedAnswersTest.Clean> latest = ChangingWorld.latest(all);
        assertThat(state()).isEqualTo(state(latest, day));
        assertThat(counts("")).isEqualTo(counts(all));
        for (String[] query : new String[][] {
            {"2026-11-16", "2026-11-23", "active", "UTC"},
            {"2026-11-16", "2026-11-23", "refunded", "UTC"},
            {"2026-11-24", "2026-12-24", "active", "UTC"},
            {"2026-11-10", "2026-12-24", "pending", "Europe/Berlin"}
        }) {
            Map<String, Object> answer = given().queryParam("from", query[0])
                    .queryParam("to", query[1])
                    .queryParam("status", query[2])
                    .queryParam("zone", query[3])
                    .when()
                    .get("/api/expected/user-spend")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getMap("");
            assertThat(answer).as(String.join(" ", query)).isEqualTo(ExpectedAnswersTest.spend(latest.values(), query));
        }
    }

    @Test
    void theExpectedCountsOfAWindowAreWhatItsPullFetches() {
        int day = ChangingWorld.atLeast(2);
        for (String filter : new String[] {
            filter(iso(dayStart(day)), null),
            filter(iso(dayStart(1)), iso(dayStart(day))),
            filter(null, iso(dayStart(1))),
            filter(iso(dayStart(1).minusSeconds(3 * 86_400)), null)
        }) {
            List<JsonNode> window = ChangingWorld.pull(Style.PAGE, filter, true, 10_000).stream()
                    .map(r -> Pages.parse(r.getBytes(StandardCharsets.UTF_8)))
                    .toList();
            assertThat(counts("?" + filter)).as(filter).isEqualTo(counts(window));
        }
    }

    @Test
    void aFullDayThenIncrementalDaysEndExactlyAtTheSourceState() {
        ChangingWorld.atLeast(1);
        List<JsonNode> full = ChangingWorld.everything();
        Map<String, ExpectedAnswersTest.Clean> snapshot = ChangingWorld.latest(full);
        Instant watermark = full.stream()
                .map(ChangingWorld::updatedAt)
                .max(Instant::compareTo)
                .orElseThrow();
        Instant last = watermark;
        long overlap = full.stream()
                .filter(r -> ChangingWorld.updatedAt(r).equals(last))
                .count();

        for (int i = 0; i < 3; i++) {
            int day = (int) ChangingWorld.advance().get("day");
            given().when().post("/admin/stats/reset").then().statusCode(200);

            List<String> changed =
                    ChangingWorld.pull(Style.CURSOR, "updated_since=" + watermark.toEpochMilli(), false, 20);

            // the lower bound is inclusive: the records at the watermark come again
            assertThat(changed).hasSize(ChangingWorld.NEW_PER_DAY + ChangingWorld.UPDATES_PER_DAY + (int) overlap);
            given().when()
                    .get("/admin/stats")
                    .then()
                    .statusCode(200)
                    .body("requests", org.hamcrest.Matchers.equalTo((changed.size() + 19) / 20))
                    .body("records", org.hamcrest.Matchers.equalTo(changed.size()));
            List<JsonNode> records = changed.stream()
                    .map(r -> Pages.parse(r.getBytes(StandardCharsets.UTF_8)))
                    .toList();
            for (JsonNode record : records) {
                ExpectedAnswersTest.Clean clean = ExpectedAnswersTest.clean(record);
                snapshot.put(clean.id(), clean);
            }
            Instant previous = watermark;
            assertThat(records.subList(0, (int) overlap))
                    .map(ChangingWorld::updatedAt)
                    .containsOnly(previous);
            assertThat(records.subList((int) overlap, records.size()))
                    .map(ChangingWorld::updatedAt)
                    .allMatch(t -> !t.isBefore(dayStart(day)));
            watermark = ChangingWorld.updatedAt(records.get(records.size() - 1));
            Instant now = watermark;
            overlap = records.stream()
                    .filter(r -> ChangingWorld.updatedAt(r).equals(now))
                    .count();
            assertThat(state()).isEqualTo(state(snapshot, day));
        }
    }

    private static Map<String, Object> state() {
        return given().when()
                .get("/api/expected/state")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    private static Map<String, Object> counts(String query) {
        return given().urlEncodingEnabled(false)
                .when()
                .get("/api/expected/counts" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    /** The state endpoint's answer on this day, computed from the warehouse's side. */
    private static Map<String, Object> state(Map<String, ExpectedAnswersTest.Clean> latest, int day) {
        Map<String, Object> state = new HashMap<>(ChangingWorld.state(latest));
        state.put("day", day);
        state.put("date", ChangingWorld.START_DAY.plusDays(day - 1L).toString());
        return state;
    }

    /** What a run over these records reports, read independently from them. */
    private static Map<String, Object> counts(List<JsonNode> records) {
        int rejected = 0;
        Map<String, Integer> clean = new HashMap<>();
        for (JsonNode r : records) {
            ExpectedAnswersTest.Clean c = ExpectedAnswersTest.clean(r);
            if (c == null) {
                rejected++;
            } else {
                clean.merge(c.id(), 1, Integer::sum);
            }
        }
        int loaded = clean.size();
        return Map.of(
                "fetched",
                records.size(),
                "rejected",
                rejected,
                "duplicates",
                records.size() - rejected - loaded,
                "loaded",
                loaded);
    }
}
