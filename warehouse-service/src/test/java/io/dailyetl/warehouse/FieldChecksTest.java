package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.dailyetl.warehouse.Api.checksCounted;
import static io.dailyetl.warehouse.Api.commit;
import static io.dailyetl.warehouse.Api.open;
import static io.dailyetl.warehouse.Api.putBatch;
import static io.dailyetl.warehouse.Api.snapshotDump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.Docs;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Freshness and the field rules judge a load's staged records before anything is merged, with the configuration of
 * docs/checks.md's example: a warning commits with its samples, an error merges nothing and names the rule and field.
 */
@QuarkusTest
@TestProfile(FieldChecksTest.DocsExample.class)
@WithTestResource(PostgresResource.class)
class FieldChecksTest {

    /** The example's source with its own rules: a currency required, more than 5 % of others refused. */
    private static final String PAYMENTS = "payments";

    /** A source whose newest change warns past 36 hours and is refused past 10 days. */
    private static final String FRESH = "checks-fresh";

    /** A source whose accepted values and attribute name are hostile to SQL. */
    private static final String HOSTILE = "checks-hostile";

    /**
     * Accepted values with a quote, a backslash and an injection attempt, as a properties file carries them: the file
     * unescapes once (four backslashes to two), the list once more (two to one).
     */
    private static final String HOSTILE_VALUES = "it's, back\\\\\\\\slash, '; drop table daily_snapshot; --";

    /** docs/checks.md's example configuration, exactly as an operator's application.properties would read it. */
    public static class DocsExample implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(exampleProperties());
            overrides.put("warehouse.checks.sources.\"" + FRESH + "\".freshness.warn", "36h");
            overrides.put("warehouse.checks.sources.\"" + FRESH + "\".freshness.error", "PT240H");
            overrides.put(
                    "warehouse.checks.sources.\"" + HOSTILE
                            + "\".fields.\"attributes.currency\".accepted-values.values",
                    properties("v=" + HOSTILE_VALUES).get("v"));
            overrides.put(
                    "warehouse.checks.sources.\"" + HOSTILE + "\".fields.\"attributes.o'clock\".not-null.warn", "0.5");
            return overrides;
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void theDocsExampleIsWhatThisServiceRuns() {
        // the example block is read as a properties file and every one of its keys is applied as it stands
        Map<String, String> example = exampleProperties();
        assertThat(example)
                .containsEntry(
                        "warehouse.checks.default.fields.\"attributes.currency\".accepted-values.values", "EUR,USD")
                .hasSize(7);
    }

    @Test
    void fieldRulesWarnWithTheirSamplesAndTheCommitGoesThrough() throws SQLException {
        // given 100 records of a source with the default rules: 3 in GBP, 1 amount above 10000 (1 %: not above the
        // error's 1 %), the others in EUR or USD or without a currency
        String source = Api.uniqueSource();
        String p = Api.uniquePrefix();
        double currencyWarned = checksCounted(registry, "accepted-values", "WARN");
        double rangeWarned = checksCounted(registry, "range", "WARN");
        List<Map<String, Object>> records = records(p, 100, Api.uniqueWeek(), i -> switch (i) {
            case 10, 20, 30 -> Map.of("currency", "GBP");
            case 1, 2 -> Map.of("currency", "EUR");
            case 3 -> Map.of("currency", "USD");
            default -> Map.of("channel", "web");
        });
        records.get(42).put("amount", "10000.01");
        records.get(43).put("amount", "10000");
        String loadId = open(source);
        putBatch(loadId, 0, records, List.of()).statusCode(200);

        // when it commits
        JsonPath answer = commit(loadId, 1, 100, 0).statusCode(200).extract().jsonPath();

        // then it is COMMITTED, and each rule's result names its field, share, thresholds and failing ids
        assertThat(answer.getString("status")).isEqualTo("COMMITTED");
        assertThat(answer.getList("checks.check"))
                .containsExactly("reject-share", "duplicate-share", "volume", "range", "accepted-values");
        assertThat(answer.getList("checks.field")).containsExactly(null, null, null, "amount", "attributes.currency");
        assertThat(answer.getList("checks.outcome")).containsExactly("PASS", "PASS", "PASS", "WARN", "WARN");
        Map<String, Object> range = answer.getMap("checks[3]");
        assertThat(range)
                .containsEntry("observed", 0.01f)
                .containsEntry("warn", 0.0f)
                .containsEntry("error", 0.01f)
                .containsEntry("samples", List.of(p + 42))
                .containsEntry("note", "1 of 100 records have amount outside [0, 10000] or not a number");
        Map<String, Object> currency = answer.getMap("checks[4]");
        assertThat(currency)
                .containsEntry("observed", 0.03f)
                .containsEntry("samples", List.of(p + 10, p + 20, p + 30))
                .containsEntry("note", "3 of 100 records have attributes.currency not one of [EUR, USD]");
        assertThat(answer.getList("checks[0].samples")).isNull();
        // and the metric counted each warning under its rule
        assertThat(checksCounted(registry, "range", "WARN")).isEqualTo(rangeWarned + 1);
        assertThat(checksCounted(registry, "accepted-values", "WARN")).isEqualTo(currencyWarned + 1);
        // and the load's checks answer the same, kept with field and samples
        List<Object> asked = api().get("/api/loads/{id}/checks", loadId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        assertThat(asked).isEqualTo(answer.getList("checks"));
        assertThat(kept(loadId))
                .contains(
                        "range amount default WARN [" + p + "42]",
                        "accepted-values attributes.currency default WARN [" + p + "10, " + p + "20, " + p + "30]",
                        "volume null default PASS null");
    }

    @Test
    void aFieldRuleErrorMergesNothingAndNamesTheRuleAndTheField() throws SQLException {
        // given a load of payments where 2 of 10 records lack a currency (its not-null error threshold is 0)
        String p = Api.uniquePrefix();
        String watermarkBefore = api().get("/api/sources/{s}/watermark", PAYMENTS)
                .then()
                .extract()
                .asString();
        String snapshotBefore = snapshotDump();
        String loadId = open(PAYMENTS);
        putBatch(
                        loadId,
                        0,
                        records(
                                p,
                                10,
                                Api.uniqueWeek(),
                                i -> i == 4 || i == 7 ? Map.of("channel", "web") : Map.of("currency", "EUR")),
                        List.of())
                .statusCode(200);

        // when it commits with a watermark
        JsonPath problem = commit(loadId, 1, 10, 0, "2026-11-01T10:00:00Z")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:checks-failed"))
                .extract()
                .jsonPath();

        // then the refusal names the rule, the field, the share against the threshold and the failing ids
        assertThat(problem.getString("detail"))
                .contains("not-null of attributes.currency 0.2 against error threshold 0.0 (2 of 10 records have "
                        + "attributes.currency null or missing; e.g. ids " + p + "4, " + p + "7)");
        assertThat(problem.getList("checks.check")).containsExactly("not-null");
        assertThat(problem.getList("checks.field")).containsExactly("attributes.currency");
        assertThat(problem.getList("checks[0].samples")).containsExactly(p + 4, p + 7);
        // and nothing moved: the snapshot is byte for byte as it was, the watermark too, and the load is OPEN
        assertThat(snapshotDump()).isEqualTo(snapshotBefore);
        assertThat(api().get("/api/sources/{s}/watermark", PAYMENTS)
                        .then()
                        .extract()
                        .asString())
                .isEqualTo(watermarkBefore);
        api().get("/api/loads/{id}", loadId).then().statusCode(200).body("status", is("OPEN"));
        // and the refusal's results are the load's checks, the passing rules with empty samples
        JsonPath asked = api().get("/api/loads/{id}/checks", loadId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(asked.getList("check"))
                .containsExactly(
                        "reject-share",
                        "duplicate-share",
                        "volume",
                        "freshness",
                        "range",
                        "not-null",
                        "accepted-values");
        assertThat(asked.getList("outcome")).containsExactly("PASS", "PASS", "PASS", "PASS", "PASS", "ERROR", "PASS");
        assertThat(asked.getList("samples[4]")).isEmpty();
        assertThat(asked.getList("samples[5]")).containsExactly(p + 4, p + 7);
        api().post("/api/loads/{id}/abort", loadId).then().statusCode(200);
    }

    @Test
    void samplesAreCappedAt20AndAreIdsOfRecordsThatFailed() {
        // given 60 records of which 30 (the odd ones) have a currency outside the list, and 10 ids sent twice
        String source = Api.uniqueSource();
        String p = Api.uniquePrefix();
        LocalDate week = Api.uniqueWeek();
        IntFunction<Map<String, Object>> odd = i -> Map.of("currency", i % 2 == 1 ? "XXX" : "USD");
        String loadId = open(source);
        putBatch(loadId, 0, records(p, 60, week, odd), List.of()).statusCode(200);
        putBatch(loadId, 1, records(p, 10, week, odd), List.of()).statusCode(200);

        // when it commits
        JsonPath answer = commit(loadId, 2, 70, 0).statusCode(200).extract().jsonPath();

        // then 35 of 70 failed, and 20 distinct ids of failing records are kept
        Map<String, Object> currency = answer.getMap("checks.find { it.check == 'accepted-values' }");
        assertThat(currency).containsEntry("observed", 0.5f).containsEntry("outcome", "WARN");
        @SuppressWarnings("unchecked")
        List<String> samples = (List<String>) currency.get("samples");
        assertThat(samples).hasSize(20).doesNotHaveDuplicates().allSatisfy(id -> {
            assertThat(id).startsWith(p);
            assertThat(Integer.parseInt(id.substring(p.length())) % 2).isEqualTo(1);
        });
    }

    @Test
    void freshnessWarnsOnAnOldLoadAndRefusesAVeryOldOne() throws SQLException {
        // given a load whose newest change time is 48 hours old (warn: 36 h, error: 240 h)
        String p = Api.uniquePrefix();
        Instant newest = Instant.now().minus(Duration.ofHours(48)).truncatedTo(ChronoUnit.SECONDS);
        double warnedBefore = checksCounted(registry, "freshness", "WARN");
        String loadId = open(FRESH);
        putBatch(loadId, 0, dated(p, newest, 5), List.of()).statusCode(200);

        // when it commits, then freshness warned with its age in hours and the newest time, and it committed
        JsonPath answer = commit(loadId, 1, 5, 0).statusCode(200).extract().jsonPath();
        Map<String, Object> fresh = answer.getMap("checks.find { it.check == 'freshness' }");
        assertThat(fresh)
                .containsEntry("outcome", "WARN")
                .containsEntry("warn", 36.0f)
                .containsEntry("error", 240.0f);
        assertThat(((Number) fresh.get("observed")).doubleValue()).isCloseTo(48.0, within(0.1));
        assertThat((String) fresh.get("note")).startsWith("the newest createdAt, " + newest + ", is 48.");
        assertThat(fresh.get("field")).isNull();
        assertThat(checksCounted(registry, "freshness", "WARN")).isEqualTo(warnedBefore + 1);

        // and a load whose newest change is 11 days old is refused, merging nothing
        String snapshotBefore = snapshotDump();
        String old = open(FRESH);
        putBatch(old, 0, dated(Api.uniquePrefix(), Instant.now().minus(Duration.ofDays(11)), 3), List.of())
                .statusCode(200);
        JsonPath problem = commit(old, 1, 3, 0).statusCode(422).extract().jsonPath();
        assertThat(problem.getList("checks.check")).containsExactly("freshness");
        assertThat(problem.getString("detail")).contains("freshness 264.").contains("against error threshold 240.0");
        assertThat(snapshotDump()).isEqualTo(snapshotBefore);
        api().post("/api/loads/{id}/abort", old).then().statusCode(200);

        // and a load of nothing passes, saying so
        String empty = open(FRESH);
        JsonPath nothing = commit(empty, 0, 0, 0).statusCode(200).extract().jsonPath();
        assertThat(nothing.getString("checks.find { it.check == 'freshness' }.outcome"))
                .isEqualTo("PASS");
        assertThat(nothing.getString("checks.find { it.check == 'freshness' }.note"))
                .contains("a load of nothing");
    }

    @Test
    void hostileValuesInTheConfigurationAndTheDataAreComparedNotExecuted() throws SQLException {
        // given accepted values with a quote, a backslash and an injection attempt, an attribute named with a
        // quote, and records carrying exactly those values and one hostile value outside them
        String p = Api.uniquePrefix();
        List<String> currencies =
                List.of("it's", "back\\slash", "'; drop table daily_snapshot; --", "x\"'\\'; select 1; --");
        String loadId = open(HOSTILE);
        putBatch(
                        loadId,
                        0,
                        records(
                                p,
                                4,
                                Api.uniqueWeek(),
                                i -> i == 0
                                        ? Map.of("currency", currencies.get(i), "o'clock", "5")
                                        : Map.of("currency", currencies.get(i))),
                        List.of())
                .statusCode(200);

        // when it commits
        JsonPath answer = commit(loadId, 1, 4, 0).statusCode(200).extract().jsonPath();

        // then only the value outside the list failed, the quoted attribute was read, and the snapshot is there
        Map<String, Object> currency = answer.getMap("checks.find { it.check == 'accepted-values' }");
        assertThat(currency).containsEntry("observed", 0.25f).containsEntry("samples", List.of(p + 3));
        assertThat((String) currency.get("note"))
                .endsWith("not one of [it's, back\\slash, '; drop table daily_snapshot; --]");
        Map<String, Object> clock = answer.getMap("checks.find { it.check == 'not-null' }");
        assertThat(clock)
                .containsEntry("field", "attributes.o'clock")
                .containsEntry("observed", 0.75f)
                .containsEntry("outcome", "WARN");
        assertThat(Api.snapshotCount(p)).isEqualTo(4);
    }

    /** {@code count} records whose attributes are {@code attributes.apply(i)}, dated within {@code day}. */
    private static List<Map<String, Object>> records(
            String prefix, int count, LocalDate day, IntFunction<Map<String, Object>> attributes) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map<String, Object> r : Api.records(prefix, count, day)) {
            Map<String, Object> copy = new LinkedHashMap<>(r);
            copy.put("attributes", attributes.apply(list.size()));
            list.add(copy);
        }
        return list;
    }

    /** {@code count} records, the newest changed at {@code newest}, the others a minute apart before it. */
    private static List<Map<String, Object>> dated(String prefix, Instant newest, int count) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(Api.record(
                    prefix + i,
                    prefix + "user",
                    "1.00",
                    "active",
                    newest.minus(Duration.ofMinutes(i)).toString()));
        }
        return list;
    }

    private static Map<String, String> exampleProperties() {
        return properties(Docs.example("checks-field-rules"));
    }

    private static Map<String, String> properties(String text) {
        Properties read = new Properties();
        try {
            read.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> map = new HashMap<>();
        read.stringPropertyNames().forEach(k -> map.put(k, read.getProperty(k)));
        return map;
    }

    /** The kept results of a load as "check field scope outcome samples", in the order judged. */
    private static List<String> kept(String loadId) throws SQLException {
        List<String> kept = new ArrayList<>();
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(
                        "select check_name, field, scope, outcome, samples from load_check where load_id = ? order by id")) {
            ps.setObject(1, UUID.fromString(loadId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array samples = rs.getArray(5);
                    kept.add(String.join(
                            " ",
                            rs.getString(1),
                            String.valueOf(rs.getString(2)),
                            rs.getString(3),
                            rs.getString(4),
                            samples == null
                                    ? "null"
                                    : List.of((Object[]) samples.getArray()).toString()));
                }
            }
        }
        return kept;
    }
}
