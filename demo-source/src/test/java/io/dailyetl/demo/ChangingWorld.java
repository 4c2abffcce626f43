package io.dailyetl.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A source in the changing world, and how the tests pull from it: the way a client would, independent of the code. */
final class ChangingWorld {

    static final int NEW_PER_DAY = 30;
    static final int UPDATES_PER_DAY = 20;
    static final LocalDate START_DAY = LocalDate.parse("2026-11-24");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private ChangingWorld() {}

    /** demo.world=changing, with fewer changes a day than the defaults (500 records, pages of 50 as in every test). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "demo.world",
                    "changing",
                    "demo.changing.new-per-day",
                    Integer.toString(NEW_PER_DAY),
                    "demo.changing.updates-per-day",
                    Integer.toString(UPDATES_PER_DAY));
        }
    }

    enum Style {
        PAGE,
        OFFSET,
        CURSOR,
        NEXT,
        LINKED
    }

    /** {@code GET /admin/world}. */
    static Map<String, Object> today() {
        return given().when()
                .get("/admin/world")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    static Map<String, Object> advance() {
        return given().when()
                .post("/admin/world/advance")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    /** Advances until the world is at least at {@code day}; the current day. */
    static int atLeast(int day) {
        int now = (int) today().get("day");
        while (now < day) {
            now = (int) advance().get("day");
        }
        return now;
    }

    /** Every record a full, unfiltered pull serves now. */
    static List<JsonNode> everything() {
        return Pages.all((int) today().get("records"));
    }

    /** Midnight (UTC) starting simulated day {@code day} (day 1 is the start day). */
    static Instant dayStart(int day) {
        return START_DAY.plusDays(day - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static Instant updatedAt(JsonNode record) {
        return Instant.parse(record.get("updated_at").textValue());
    }

    /** The records of {@code all} whose updated_at lies in [since, before) (null: no bound), in their order. */
    static List<String> within(List<JsonNode> all, Instant since, Instant before) {
        return all.stream()
                .filter(r -> (since == null || !updatedAt(r).isBefore(since))
                        && (before == null || updatedAt(r).isBefore(before)))
                .map(JsonNode::toString)
                .toList();
    }

    /**
     * Pulls every page in a style, as JSON text of the records. {@code filter} (a query string such as
     * {@code updated_since=…}, already encoded) goes on the first request; with {@code everyPage} also on every later
     * one (replacing what the link or cursor URL has), as a client that builds each page URL itself does. The page and
     * offset styles have nothing to carry it: they always take it on every page.
     */
    static List<String> pull(Style style, String filter, boolean everyPage, int size) {
        List<String> records = new ArrayList<>();
        String url = switch (style) {
            case PAGE -> "/api/transactions?page=1&size=" + size;
            case OFFSET -> "/api/transactions/offset?offset=0&limit=" + size;
            case CURSOR -> "/api/transactions/cursor?size=" + size;
            case NEXT -> "/api/transactions/next?page=1&size=" + size;
            case LINKED -> "/api/transactions/linked?page=1&size=" + size;
        };
        url = withFilter(url, filter);
        for (int page = 1; url != null; page++) {
            Response response = get(url);
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            JsonNode body = Pages.parse(response.asByteArray());
            JsonNode items = switch (style) {
                case PAGE, OFFSET, NEXT -> body.get("results");
                case CURSOR -> body.get("data").get("items");
                case LINKED -> body;
            };
            items.forEach(r -> records.add(r.toString()));
            String next = switch (style) {
                case PAGE -> items.isEmpty() ? null : "/api/transactions?page=" + (page + 1) + "&size=" + size;
                case OFFSET ->
                    items.isEmpty() ? null : "/api/transactions/offset?offset=" + page * size + "&limit=" + size;
                case CURSOR ->
                    body.get("next_cursor").isNull()
                            ? null
                            : "/api/transactions/cursor?cursor="
                                    + body.get("next_cursor").asText();
                case NEXT -> body.get("next").isNull() ? null : body.get("next").asText();
                case LINKED -> linked(response.header("Link"));
            };
            boolean always = style == Style.PAGE || style == Style.OFFSET;
            url = next == null || !(always || everyPage) ? next : withFilter(next, filter);
        }
        return records;
    }

    /** The URL with the filter's parameters, replacing any of the same names. */
    static String withFilter(String url, String filter) {
        if (filter.isEmpty()) {
            return url;
        }
        List<String> names = Arrays.stream(filter.split("&"))
                .map(p -> p.substring(0, p.indexOf('=')))
                .toList();
        int q = url.indexOf('?');
        String kept = q < 0
                ? ""
                : Arrays.stream(url.substring(q + 1).split("&"))
                        .filter(p -> !names.contains(p.contains("=") ? p.substring(0, p.indexOf('=')) : p))
                        .collect(Collectors.joining("&"));
        return (q < 0 ? url : url.substring(0, q)) + "?" + (kept.isEmpty() ? "" : kept + "&") + filter;
    }

    private static String linked(String link) {
        if (link == null) {
            return null;
        }
        Matcher m = NEXT_LINK.matcher(link);
        assertThat(m.matches()).as(link).isTrue();
        URI next = URI.create(m.group(1));
        return next.getRawPath() + "?" + next.getRawQuery();
    }

    /** The last clean occurrence of each id, as the warehouse keeps it. */
    static Map<String, ExpectedAnswersTest.Clean> latest(List<JsonNode> records) {
        Map<String, ExpectedAnswersTest.Clean> latest = new HashMap<>();
        for (JsonNode r : records) {
            ExpectedAnswersTest.Clean clean = ExpectedAnswersTest.clean(r);
            if (clean != null) {
                latest.put(clean.id(), clean);
            }
        }
        return latest;
    }

    /** {@code /api/expected/state}'s {ids, total, statuses}, computed from the warehouse's side. */
    static Map<String, Object> state(Map<String, ExpectedAnswersTest.Clean> latest) {
        BigDecimal total = BigDecimal.ZERO;
        Map<String, Integer> statuses = new TreeMap<>(Map.of("active", 0, "pending", 0, "refunded", 0));
        for (ExpectedAnswersTest.Clean c : latest.values()) {
            total = total.add(c.amount());
            statuses.merge(c.status(), 1, Integer::sum);
        }
        return Map.of("ids", latest.size(), "total", total.setScale(2).toPlainString(), "statuses", statuses);
    }

    /** A GET of this URL exactly as written (already encoded). */
    static Response get(String url) {
        return given().urlEncodingEnabled(false).when().get(url);
    }
}
