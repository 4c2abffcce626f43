package io.dailyetl.ingest.clean;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.common.JsonLimits;
import io.dailyetl.ingest.SourceJson;
import io.dailyetl.ingest.load.BatchSender;
import io.dailyetl.warehouseclient.CapturingLoadsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming path ({@link RecordScanner}, {@link RecordCleaner#cleanScanned(SourceRecord)}, raw attributes spliced into
 * batches) against the reference, cleaning each record's tree: same clean values or reject reason, same JSON.
 */
class RecordScannerTest {

    private static final RecordCleaner CLEANER = new RecordCleaner(CleaningRules.defaults());
    private static final RecordScanner SCANNER = new RecordScanner(CleaningRules.defaults());
    private static final String VALID = """
            "id":"tx-1","user_id":"u-1","amount":"12.50","status":"active","created_at":"2026-11-19T10:00:00Z\"""";

    // ---- helpers --------------------------------------------------------------------------------------------

    /** Scans every record of a page that is a JSON array, as the page reader does. */
    private static List<SourceRecord> scanPage(byte[] page) {
        try (JsonParser p = SourceJson.parser(page, 0, page.length)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            List<SourceRecord> records = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                records.add(SCANNER.scan(p, page));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(byte[] json) {
        try {
            return SourceJson.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(new String(json, StandardCharsets.UTF_8), e);
        }
    }

    private static JsonNode tree(String json) {
        return tree(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A page holding {@code records} between neighbours, so that byte offsets are not trivial. */
    private static byte[] page(List<String> records) {
        return ("[ {\"id\" : \"first\"} ,\n\t" + String.join(" ,\n ", records) + " , 7 ]")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The outcome of the streaming path, compared with the reference for the same record; returns it. */
    private static Cleaned assertSameOutcome(String record) {
        return assertSameOutcomes(List.of(record)).get(0);
    }

    private static List<Cleaned> assertSameOutcomes(List<String> records) {
        byte[] page = page(records);
        List<SourceRecord> scanned = scanPage(page);
        JsonNode trees = tree(page);
        assertThat(scanned).hasSize(trees.size());
        List<Cleaned> outcomes = new ArrayList<>();
        for (int i = 0; i < scanned.size(); i++) {
            JsonNode tree = trees.get(i);
            SourceRecord record = scanned.get(i);
            String what = i == 0 || i > records.size() ? "neighbour " + i : records.get(i - 1);
            assertThat(record.tree()).as("tree of %s", what).isEqualTo(tree);
            Cleaned expected = CLEANER.clean(tree);
            Cleaned actual = CLEANER.cleanScanned(record);
            assertSame(what, actual, expected);
            if (record.mapped() != null) {
                for (String field : List.of("id", "user_id", "amount", "status", "created_at")) {
                    assertThat(record.mapped().get(field))
                            .as("%s of %s", field, what)
                            .isEqualTo(tree.get(field));
                }
            }
            if (i > 0 && i <= records.size()) {
                outcomes.add(actual);
            }
        }
        return outcomes;
    }

    private static void assertSame(String what, Cleaned actual, Cleaned expected) {
        if (expected instanceof Cleaned.Rejected rejected) {
            assertThat(actual).as(what).isEqualTo(rejected);
            return;
        }
        Cleaned.Clean e = (Cleaned.Clean) expected;
        assertThat(actual).as(what).isInstanceOf(Cleaned.Clean.class);
        Cleaned.Clean a = (Cleaned.Clean) actual;
        assertThat(List.of(a.id(), a.userId(), a.amount(), a.status(), a.createdAt()))
                .as(what)
                .isEqualTo(List.of(e.id(), e.userId(), e.amount(), e.status(), e.createdAt()));
        assertThat(attributes(a)).as("attributes of %s", what).isEqualTo(e.attributes());
    }

    /** The attributes as a tree, read back from the raw bytes when the record was scanned. */
    private static JsonNode attributes(Cleaned.Clean clean) {
        return clean.rawAttributes() == null
                ? clean.attributes()
                : tree(clean.rawAttributes().toJson());
    }

    private static boolean scannedRaw(Cleaned cleaned) {
        return cleaned instanceof Cleaned.Clean clean && clean.rawAttributes() != null;
    }

    // ---- fixed cases ----------------------------------------------------------------------------------------

    @Test
    void aPlainRecordKeepsItsOtherFieldsAsWritten() {
        Cleaned cleaned =
                assertSameOutcome("{" + VALID + ", \"note\" :\n \"caf\u00e9 \\u00e9 \\\"q\\\" \\/\" ,\t\"n\": 12.50,"
                        + " \"e\":1e3, \"z\":-0.0, \"deep\":{\"a\":[1,{\"b\":null}],\"t\":true}}");

        assertThat(scannedRaw(cleaned)).isTrue();
        assertThat(new String(((Cleaned.Clean) cleaned).rawAttributes().toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"note\" :\n \"caf\u00e9 \\u00e9 \\\"q\\\" \\/\",\"n\": 12.50,\"e\":1e3,\"z\":-0.0,"
                        + "\"deep\":{\"a\":[1,{\"b\":null}],\"t\":true}}");
    }

    @Test
    void aRecordWithOnlyMappedFieldsHasEmptyAttributes() {
        Cleaned cleaned = assertSameOutcome("{" + VALID + "}");

        assertThat(new String(((Cleaned.Clean) cleaned).rawAttributes().toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "5",
                "\"text\"",
                "null",
                "true",
                "[1,2]",
                "[]",
                "{}",
                "{\"user_id\":\"u\"}",
                "{\"id\":\"a\",\"id\":\"b\",\"user_id\":\"u\",\"amount\":1,\"status\":\"s\",\"created_at\":\"2026-01-01\"}",
                "{\"id\":\"\",\"id\":\"b\",\"user_id\":\"u\",\"amount\":1,\"status\":\"s\",\"created_at\":\"2026-01-01\"}",
                "{\"id\":\"b\",\"id\":\"\",\"user_id\":\"u\",\"amount\":1,\"status\":\"s\",\"created_at\":\"2026-01-01\"}",
                "{VALID,\"a\":\"x\\u0000y\"}",
                "{VALID,\"a\\u0000\":1}",
                "{VALID,\"a\":{\"k\\u0000\":1}}",
                "{VALID,\"a\":[\"\\u0000\"]}",
                "{VALID,\"a\":\"\\u0000\",\"a\":1}",
                "{VALID,\"a\":1,\"a\":\"\\u0000\"}",
                "{VALID,\"a\":{\"k\":\"\\u0000\",\"k\":1}}",
                "{VALID,\"a\":{\"k\":1,\"k\":2}}",
                "{VALID,\"a\":1,\"b\":2,\"a\":3}",
                "{VALID,\"a\":1e-20000}",
                "{VALID,\"a\":1e200000}",
                "{VALID,\"a\":1e2147483648}",
                "{VALID,\"a\":-1e-2147483649}",
                "{VALID,\"a\":1e400,\"b\":123456789012345678901234567890}",
                "{VALID,\"b\":\"\\u0000\",\"a\":1e-20000}",
                "{VALID,\"amount\":1e2147483648}",
                "{VALID,\"amount\":-0.0,\"created_at\":1763546400.0}",
                "{VALID,\"amount\":1e3,\"created_at\":1763546400000}",
                "{VALID,\"id\":12.50,\"user_id\":123456789012345678901234567890}",
                "{VALID,\"id\":{\"a\":1},\"x\":\"\\u0000\"}",
                "{VALID,\"status\":[\"a\"],\"x\":\"\\u0000\"}",
                "{VALID,\"created_at\":\"2026-02-30\",\"x\":\"\\u0000\"}",
                "{VALID,\"\":\"empty key\",\"\\ud83d\\ude00\":\"\ud83d\ude00\"}",
            })
    void agreesWithTheTreeOn(String record) {
        assertSameOutcome(record.replace("VALID", VALID));
    }

    @Test
    void nestingAtTheLimitIsKeptAndDeeperIsRejected() {
        String ok = "[".repeat(31) + "]".repeat(31);
        String deep = "[".repeat(32) + "]".repeat(32);
        String deepObject = "{\"a\":".repeat(32) + "1" + "}".repeat(32);

        assertThat(scannedRaw(assertSameOutcome("{" + VALID + ",\"a\":" + ok + "}")))
                .isTrue();
        assertThat(assertSameOutcome("{" + VALID + ",\"a\":" + deep + "}")).isInstanceOf(Cleaned.Rejected.class);
        assertThat(assertSameOutcome("{" + VALID + ",\"a\":" + deepObject + "}"))
                .isInstanceOf(Cleaned.Rejected.class);
    }

    @Test
    void stringsAtTheLengthLimitAreKeptAndLongerAreRejected() {
        String limit = "x".repeat(JsonLimits.MAX_STRING_LENGTH);

        assertThat(scannedRaw(assertSameOutcome("{" + VALID + ",\"a\":\"" + limit + "\"}")))
                .isTrue();
        assertThat(assertSameOutcome("{" + VALID + ",\"a\":\"" + limit + "y\"}"))
                .isInstanceOf(Cleaned.Rejected.class);
        assertThat(assertSameOutcome("{" + VALID + ",\"a\":\"" + limit.substring(6) + "\\u00e9\\n\"}"))
                .isInstanceOf(Cleaned.Clean.class);
    }

    @Test
    void theFirstFailingRuleWinsAsInTheTree() {
        Cleaned cleaned =
                assertSameOutcome("{\"x\":\"\\u0000\",\"status\":5,\"amount\":\"abc\",\"id\":\"i\",\"user_id\":\"u\"}");

        assertThat(cleaned).isEqualTo(new Cleaned.Rejected("amount: not a number \"abc\""));
    }

    // ---- random records -------------------------------------------------------------------------------------

    @Test
    void randomRecordsAgreeWithTheTree() {
        Random random = new Random(20261203);
        int raw = 0;
        int clean = 0;
        int total = 0;
        for (int round = 0; round < 100; round++) {
            List<String> records = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                records.add(new RandomRecord(random).record());
            }
            for (Cleaned cleaned : assertSameOutcomes(records)) {
                total++;
                clean += cleaned instanceof Cleaned.Clean ? 1 : 0;
                raw += scannedRaw(cleaned) ? 1 : 0;
            }
        }
        // the generator reaches both paths and both outcomes often enough to mean something
        assertThat(clean).isBetween(total / 5, total * 4 / 5);
        assertThat(raw).isGreaterThan(total / 10);
    }

    @Test
    void batchesCarryTheSameJsonEitherWay() throws Exception {
        Random random = new Random(7);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            records.add(new RandomRecord(random).record());
        }
        byte[] page = page(records);
        List<SourceRecord> scanned = scanPage(page);
        JsonNode trees = tree(page);

        CapturingLoadsClient streamed = new CapturingLoadsClient();
        CapturingLoadsClient reference = new CapturingLoadsClient();
        ExecutorService senders = Executors.newSingleThreadExecutor();
        try {
            BatchSender a = new BatchSender(streamed::putBatch, UUID.randomUUID(), 50, Long.MAX_VALUE, 2, senders);
            BatchSender b = new BatchSender(reference::putBatch, UUID.randomUUID(), 50, Long.MAX_VALUE, 2, senders);
            for (int i = 0; i < scanned.size(); i++) {
                if (CLEANER.cleanScanned(scanned.get(i)) instanceof Cleaned.Clean clean) {
                    a.add(clean);
                } else {
                    a.reject(
                            scanned.get(i).tree(),
                            3,
                            ((Cleaned.Rejected) CLEANER.cleanScanned(scanned.get(i))).reason());
                }
                if (CLEANER.clean(trees.get(i)) instanceof Cleaned.Clean clean) {
                    b.add(clean);
                } else {
                    b.reject(trees.get(i), 3, ((Cleaned.Rejected) CLEANER.clean(trees.get(i))).reason());
                }
            }
            a.finish();
            b.finish();
        } finally {
            senders.shutdown();
        }

        assertThat(streamed.bodies()).hasSameSizeAs(reference.bodies()).hasSizeGreaterThan(2);
        for (int i = 0; i < streamed.bodies().size(); i++) {
            JsonNode body = tree(streamed.bodies().get(i));
            assertThat(body).isEqualTo(tree(reference.bodies().get(i)));
            assertThat(body.get("records").size()).isPositive();
            assertThat(body.get("records").get(0).has("attributes")).isTrue();
        }
    }

    /** A random record: mapped fields valid or not, present or not, and nasty other fields, written in varied ways. */
    private static final class RandomRecord {
        private static final String[] IDS = {
            "\"tx-1\"",
            "12",
            "1.50",
            "1e3",
            "\"\"",
            "\" \"",
            "null",
            "true",
            "{\"a\":1}",
            "[1]",
            "\"a\\u0000b\"",
            "-0",
            "123456789012345678901234567890",
            "1e2147483648"
        };
        private static final String[] AMOUNTS = {
            "\"12.50\"",
            "12.50",
            "-0.0",
            "1e3",
            "\"abc\"",
            "1e2147483648",
            "1e-400",
            "\"1e999999\"",
            "null",
            "[1]",
            "7",
            "\" 3.5 \"",
            "1E+5",
            "99999999999999999999"
        };
        private static final String[] STATUSES = {"\"Active \"", "\"\"", "5", "null", "\"x\\u0000\"", "\"done\"", "{}"};
        private static final String[] CREATED = {
            "\"2026-11-19T10:00:00Z\"",
            "1763546400",
            "1763546400.5",
            "1763546400000",
            "\"2026-02-30\"",
            "\"nope\"",
            "null",
            "-1e30",
            "\"2026-11-19\"",
            "1.7635464E9"
        };
        private static final String[] KEYS = {
            "a", "b", "note", "caf\u00e9", "k\\u0000", "", "id", "amount", "n", "\\ud83d\\ude00", "q\\\"", "x", "y", "z"
        };
        private static final String[] STRINGS = {
            "\"\"",
            "\"plain\"",
            "\"caf\u00e9 \ud83d\ude00\"",
            "\"\\u00e9\\n\\t\\\\\\/\"",
            "\"\\u0000\"",
            "\"tab\\tnul\\u0000\"",
            "\"\\ud83d\\ude00\"",
            "\" \\\"quoted\\\" \""
        };
        private static final String[] NUMBERS = {
            "0",
            "-0",
            "12.50",
            "1e3",
            "-0.0",
            "1E-5",
            "123456789012345678901234567890",
            "1e400",
            "1e-20000",
            "1e2147483648",
            "3.14159",
            "-17",
            "1.0e+2",
            "9e-16383",
            "1e-16384"
        };
        private static final String[] SPACE = {"", "", "", " ", "\n", "\t", " \r\n "};

        private final Random random;

        RandomRecord(Random random) {
            this.random = random;
        }

        String record() {
            List<String> members = new ArrayList<>();
            maybe(members, "id", IDS, 0.9);
            maybe(members, "user_id", IDS, 0.9);
            maybe(members, "amount", AMOUNTS, 0.8);
            maybe(members, "status", STATUSES, 0.9);
            maybe(members, "created_at", CREATED, 0.9);
            int extra = random.nextInt(6);
            for (int i = 0; i < extra; i++) {
                members.add(space() + "\"" + pick(KEYS) + "\"" + space() + ":" + space() + value(1) + space());
            }
            Collections.shuffle(members, random);
            if (random.nextInt(40) == 0) {
                return pick(new String[] {"5", "\"s\"", "null", "[{\"id\":1}]", "true"});
            }
            return "{" + space() + String.join(",", members) + space() + "}";
        }

        private void maybe(List<String> members, String field, String[] values, double validShare) {
            if (random.nextInt(20) == 0) {
                return; // absent
            }
            String value = random.nextDouble() < validShare ? values[0] : pick(values);
            if (field.equals("created_at") && random.nextDouble() < validShare) {
                value = pick(new String[] {CREATED[0], CREATED[1], CREATED[3], CREATED[8]});
            }
            members.add("\"" + field + "\"" + space() + ":" + space() + value);
        }

        private String value(int depth) {
            int kind = random.nextInt(depth > 3 ? 6 : 9);
            return switch (kind) {
                case 0, 1 -> pick(STRINGS);
                case 2, 3 -> pick(NUMBERS);
                case 4 -> pick(new String[] {"true", "false", "null"});
                case 5 -> random.nextInt(60) == 0 ? "[".repeat(32) + "]".repeat(32) : "[]";
                case 6, 7 -> {
                    List<String> members = new ArrayList<>();
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        members.add("\"" + pick(KEYS) + "\"" + space() + ":" + space() + value(depth + 1));
                    }
                    yield "{" + space() + String.join("," + space(), members) + "}";
                }
                default -> {
                    List<String> elements = new ArrayList<>();
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        elements.add(space() + value(depth + 1));
                    }
                    yield "[" + String.join(",", elements) + space() + "]";
                }
            };
        }

        private String space() {
            return pick(SPACE);
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }
    }
}
