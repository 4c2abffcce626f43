package io.dailyetl.demo;

import static io.dailyetl.demo.ChangingWorld.dayStart;
import static io.dailyetl.demo.ChangingWorld.updatedAt;
import static io.dailyetl.demo.ChangingWorld.within;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.demo.ChangingWorld.Style;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@QuarkusTest
@TestProfile(ChangingWorld.Profile.class)
class ChangedSinceFilterTest {

    private static final int SIZE = 17;

    private List<JsonNode> all;
    private int day;

    @BeforeEach
    void twoDaysLater() {
        day = ChangingWorld.atLeast(2);
        all = ChangingWorld.everything();
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void everyStyleServesExactlyTheRecordsOfTheWindowOnEveryPage(Style style) {
        Instant yesterday = dayStart(day - 1);
        Instant today = dayStart(day);
        // an exact updated_at at each end: the lower bound counts, the upper one does not
        List<JsonNode> days =
                all.stream().filter(r -> !updatedAt(r).isBefore(dayStart(1))).toList();
        Instant first = updatedAt(days.get(3));
        Instant last = updatedAt(days.get(days.size() - 4));
        Object[][] windows = {
            {iso(yesterday), null}, {iso(yesterday), iso(today)}, {null, iso(dayStart(1))}, {iso(first), iso(last)}
        };

        for (Object[] window : windows) {
            String filter = filter((String) window[0], (String) window[1]);
            List<String> expected = within(
                    all,
                    window[0] == null ? null : Instant.parse((String) window[0]),
                    window[1] == null ? null : Instant.parse((String) window[1]));
            assertThat(expected).as(filter).hasSizeGreaterThan(SIZE);

            for (boolean everyPage : new boolean[] {false, true}) {
                assertThat(ChangingWorld.pull(style, filter, everyPage, SIZE))
                        .as("%s, %s, on every page: %s", style, filter, everyPage)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void epochSecondsEpochMillisAndAnyOffsetMeanTheSameInstant() {
        Instant since = dayStart(day - 1).plusSeconds(3 * 3600 + 17);
        Instant before = dayStart(day).plusSeconds(5 * 3600);
        List<String> expected = within(all, since, before);
        assertThat(expected).isNotEmpty();

        String berlin = since.atOffset(ZoneOffset.ofHours(2)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String newYork = before.atOffset(ZoneOffset.ofHours(-5)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        for (String filter : new String[] {
            filter(iso(since), iso(before)),
            filter(Long.toString(since.getEpochSecond()), Long.toString(before.getEpochSecond())),
            filter(Long.toString(since.toEpochMilli()), Long.toString(before.toEpochMilli())),
            filter(berlin.replace("+", "%2B"), newYork),
            filter(berlin, Long.toString(before.toEpochMilli()))
        }) { // an unencoded + arrives as a space
            assertThat(ChangingWorld.pull(Style.PAGE, filter, true, 10_000))
                    .as(filter)
                    .isEqualTo(expected);
            assertThat(ChangingWorld.pull(Style.CURSOR, filter, false, SIZE))
                    .as(filter)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aBadValueAnswers400NamingTheParameter() {
        for (String url : new String[] {
            "/api/transactions",
            "/api/transactions/offset",
            "/api/transactions/cursor",
            "/api/transactions/next",
            "/api/transactions/linked",
            "/api/expected/counts"
        }) {
            for (String bad : new String[] {
                "yesterday",
                "2026-11-24",
                "2026-11-24T00:00:00",
                "-5",
                "1e9",
                "99999999999999999999",
                "2026-11-31T00:00:00Z"
            }) {
                for (String name : new String[] {"updated_since", "updated_before"}) {
                    ChangingWorld.get(url + "?" + name + "=" + bad)
                            .then()
                            .statusCode(400)
                            .contentType("application/problem+json")
                            .body("detail", containsString(name + ":"));
                }
            }
            ChangingWorld.get(url + "?" + filter(iso(dayStart(2)), iso(dayStart(1))))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("updated_before:"));
        }
    }

    @Test
    void aCursorKeepsItsWindowAndRefusesAnother() {
        String filter = filter(iso(dayStart(day - 1)), null);
        JsonNode first = Pages.parse(
                ChangingWorld.get("/api/transactions/cursor?size=5&" + filter).asByteArray());
        String cursor = first.get("next_cursor").asText();

        ChangingWorld.get("/api/transactions/cursor?cursor=" + cursor + "&" + filter)
                .then()
                .statusCode(200);
        ChangingWorld.get("/api/transactions/cursor?cursor=" + cursor + "&" + filter(iso(dayStart(day)), null))
                .then()
                .statusCode(400)
                .body("detail", containsString("updated_since:"));
        ChangingWorld.get("/api/transactions/cursor?cursor=" + cursor + "&" + filter(null, iso(dayStart(day))))
                .then()
                .statusCode(400)
                .body("detail", containsString("updated_before:"));
        // an unfiltered cursor stays unfiltered
        String plain = Pages.parse(
                        ChangingWorld.get("/api/transactions/cursor?size=5").asByteArray())
                .get("next_cursor")
                .asText();
        JsonNode second = Pages.parse(
                ChangingWorld.get("/api/transactions/cursor?cursor=" + plain).asByteArray());
        assertThat(second.get("data").get("items").get(0).toString())
                .isEqualTo(all.get(5).toString());
        given().when()
                .get("/api/transactions/cursor?cursor=" + plain + "&updated_since=" + iso(dayStart(1)))
                .then()
                .statusCode(400);
    }

    static String iso(Instant instant) {
        return instant.toString();
    }

    /** The query string of a window; null for no bound. */
    static String filter(String since, String before) {
        return since == null
                ? "updated_before=" + before
                : "updated_since=" + since + (before == null ? "" : "&updated_before=" + before);
    }
}
