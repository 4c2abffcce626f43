package io.dailyetl.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.demo.data.SourceData;
import io.dailyetl.demo.data.Truth;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ExpectedAnswersTest {

    private static final int RECORDS = 500;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
    private static final Pattern MONEY = Pattern.compile("[0-9]+\\.[0-9]{2}");

    @Inject
    SourceData data;

    /** A record as the cleaning rules (docs/records.md) read it; written here from the rules, independently of the generator. */
    record Clean(String id, String userId, BigDecimal amount, String status, Instant createdAt) {}

    @Test
    void expectedCountsAddUp() {
        Map<String, Object> counts = given().when()
                .get("/api/expected/counts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");

        int fetched = (int) counts.get("fetched");
        int loaded = (int) counts.get("loaded");
        int rejected = (int) counts.get("rejected");
        int duplicates = (int) counts.get("duplicates");
        assertThat(fetched).isEqualTo(RECORDS).isEqualTo(loaded + rejected + duplicates);
        assertThat(rejected).as("2 %% rejects").isEqualTo(RECORDS / 50);
        assertThat(duplicates).as("about 5 %% duplicates").isBetween(15, 30);
    }

    @Test
    void theTruthAgreesWithAnIndependentReadingOfEveryRecord() {
        List<JsonNode> records = Pages.all(RECORDS);

        for (int i = 0; i < records.size(); i++) {
            Clean clean = clean(records.get(i));
            Truth truth = data.dataset().truth(i);
            if (clean == null) {
                assertThat(truth.rejected())
                        .as("record %d: %s", i, records.get(i))
                        .isTrue();
            } else {
                assertThat(truth.rejected())
                        .as("record %d: %s", i, records.get(i))
                        .isFalse();
                assertThat(new Clean(truth.id(), truth.userId(), truth.amount(), truth.status(), truth.createdAt()))
                        .as("record %d: %s", i, records.get(i))
                        .usingRecursiveComparison()
                        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                        .isEqualTo(clean);
            }
        }
    }

    @Test
    void expectedAnswersMatchAnIndependentReadingOfThePages() {
        List<JsonNode> records = Pages.all(RECORDS);
        int rejected = 0;
        int clean = 0;
        Map<String, Clean> latest = new LinkedHashMap<>();
        for (JsonNode record : records) {
            Clean c = clean(record);
            if (c == null) {
                rejected++;
            } else {
                clean++;
                latest.put(c.id(), c);
            }
        }

        given().when()
                .get("/api/expected/counts")
                .then()
                .statusCode(200)
                .body("fetched", org.hamcrest.Matchers.equalTo(RECORDS))
                .body("rejected", org.hamcrest.Matchers.equalTo(rejected))
                .body("duplicates", org.hamcrest.Matchers.equalTo(clean - latest.size()))
                .body("loaded", org.hamcrest.Matchers.equalTo(latest.size()));
        for (String[] query : new String[][] {
            {"2026-11-16", "2026-11-23", "active", "UTC"},
            {"2026-11-16", "2026-11-23", " Refunded ", "UTC"},
            {"2026-11-15", "2026-11-24", "pending", "UTC"},
            {"2026-11-17", "2026-11-20", "active", "America/New_York"}
        }) {
            Map<String, Object> answer = userSpend(query);
            Map<String, Object> reference = spend(latest.values(), query);
            assertThat(answer).as(String.join(" ", query)).isEqualTo(reference);
        }
    }

    @Test
    void expectedUserSpendIsOrderedAndExact() {
        Map<String, Object> answer = userSpend(new String[] {"2026-11-16", "2026-11-23", "active", "UTC"});

        @SuppressWarnings("unchecked")
        List<Map<String, String>> rows = (List<Map<String, String>>) answer.get("rows");
        assertThat(rows).isNotEmpty();
        assertThat(answer.get("users")).isEqualTo(rows.size());
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get("totalSpent")).matches(MONEY);
            sum = sum.add(new BigDecimal(rows.get(i).get("totalSpent")));
            if (i > 0) {
                BigDecimal before = new BigDecimal(rows.get(i - 1).get("totalSpent"));
                BigDecimal now = new BigDecimal(rows.get(i).get("totalSpent"));
                assertThat(before).isGreaterThanOrEqualTo(now);
                if (before.compareTo(now) == 0) {
                    assertThat(Arrays.compareUnsigned(
                                    utf8(rows.get(i - 1).get("userId")),
                                    utf8(rows.get(i).get("userId"))))
                            .isNegative();
                }
            }
        }
        assertThat(answer.get("total")).isEqualTo(sum.toPlainString());
        // the default window is the configured week
        assertThat(given().when()
                        .get("/api/expected/user-spend")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("total"))
                .isEqualTo(answer.get("total"));
        given().when()
                .get("/api/expected/user-spend?from=2026-11-23&to=2026-11-16")
                .then()
                .statusCode(400);
        given().when().get("/api/expected/user-spend?zone=Mars/Olympus").then().statusCode(400);
    }

    private static Map<String, Object> userSpend(String[] query) {
        return given().queryParam("from", query[0])
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
    }

    /** The warehouse's question, asked of the reference reading. */
    static Map<String, Object> spend(Iterable<Clean> latest, String[] query) {
        ZoneId zone = ZoneId.of(query[3]);
        Instant from = LocalDate.parse(query[0]).atStartOfDay(zone).toInstant();
        Instant to = LocalDate.parse(query[1]).atStartOfDay(zone).toInstant();
        String status = query[2].strip().toLowerCase(Locale.ROOT);
        Map<String, BigDecimal> totals = new HashMap<>();
        for (Clean c : latest) {
            if (c.status().equals(status)
                    && !c.createdAt().isBefore(from)
                    && c.createdAt().isBefore(to)) {
                totals.merge(c.userId(), c.amount(), BigDecimal::add);
            }
        }
        List<Map.Entry<String, BigDecimal>> sorted = new ArrayList<>(totals.entrySet());
        sorted.sort(Comparator.<Map.Entry<String, BigDecimal>, BigDecimal>comparing(Map.Entry::getValue)
                .reversed()
                .thenComparing(e -> utf8(e.getKey()), Arrays::compareUnsigned));
        List<Map<String, String>> rows = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> e : sorted) {
            rows.add(Map.of(
                    "userId", e.getKey(), "totalSpent", e.getValue().setScale(2).toPlainString()));
            total = total.add(e.getValue());
        }
        return Map.of(
                "from",
                query[0],
                "to",
                query[1],
                "users",
                rows.size(),
                "total",
                total.setScale(2).toPlainString(),
                "rows",
                rows);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Design 3.2 rules 1-5: the clean record, or null when it must be rejected. */
    static Clean clean(JsonNode r) {
        String id = identifier(r.get("id"));
        String userId = identifier(r.get("user_id"));
        if (id == null || id.isBlank() || userId == null || userId.isBlank()) {
            return null;
        }
        JsonNode a = r.get("amount");
        BigDecimal amount;
        if (a == null || a.isNull()) {
            amount = BigDecimal.ZERO;
        } else if (a.isNumber()) {
            amount = a.decimalValue();
        } else if (a.isTextual() && DECIMAL.matcher(a.textValue().strip()).matches()) {
            amount = new BigDecimal(a.textValue().strip());
        } else {
            return null;
        }
        JsonNode s = r.get("status");
        if (s == null || !s.isTextual()) {
            return null;
        }
        Instant createdAt = instant(r.get("created_at"));
        if (createdAt == null) {
            return null;
        }
        return new Clean(id, userId, amount, s.textValue().strip().toLowerCase(Locale.ROOT), createdAt);
    }

    private static String identifier(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return node.isIntegralNumber() ? node.bigIntegerValue().toString() : null;
    }

    private static Instant instant(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            BigInteger n = node.bigIntegerValue();
            return n.abs().compareTo(BigInteger.valueOf(100_000_000_000L)) < 0
                    ? Instant.ofEpochSecond(n.longValueExact())
                    : Instant.ofEpochMilli(n.longValueExact());
        }
        if (!node.isTextual()) {
            return null;
        }
        String text = node.textValue();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException ignored) {
            // not with an offset
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ignored) {
            // not a local date-time
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
