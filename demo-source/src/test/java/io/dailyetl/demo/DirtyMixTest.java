package io.dailyetl.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The raw pages hold every kind of dirt real data has, even in a small data set. */
@QuarkusTest
class DirtyMixTest {

    private static final int RECORDS = 500;

    @Test
    void theRawPagesHoldEveryKindOfDirt() {
        List<JsonNode> records = Pages.all(RECORDS);

        Map<String, Predicate<JsonNode>> kinds = new HashMap<>();
        kinds.put(
                "string id",
                r -> r.path("id").isTextual() && r.get("id").textValue().startsWith("tx-"));
        kinds.put("numeric id", r -> r.path("id").isIntegralNumber());
        kinds.put(
                "id beyond 2^53",
                r -> r.path("id").isIntegralNumber() && r.get("id").longValue() > (1L << 53));
        kinds.put("missing id", r -> !r.has("id"));
        kinds.put(
                "blank id",
                r -> r.path("id").isTextual() && r.get("id").textValue().isBlank());
        kinds.put("numeric user id", r -> r.path("user_id").isIntegralNumber());
        kinds.put("formula user =HYPERLINK", r -> r.path("user_id").asText().equals("=HYPERLINK(\"http://x\")"));
        kinds.put("formula user +1", r -> r.path("user_id").asText().equals("+1"));
        kinds.put("formula user @cmd", r -> r.path("user_id").asText().equals("@cmd"));
        kinds.put("formula user -2", r -> r.path("user_id").asText().equals("-2"));
        kinds.put("user with a comma", r -> r.path("user_id").asText().contains(","));
        kinds.put("user with a quote", r -> r.path("user_id").asText().contains("\""));
        kinds.put("amount as a number", r -> r.path("amount").isNumber());
        kinds.put(
                "amount as a decimal string",
                r -> r.path("amount").isTextual() && r.get("amount").textValue().matches("[0-9]+\\.[0-9]{2}"));
        kinds.put("amount null", r -> r.has("amount") && r.get("amount").isNull());
        kinds.put("amount missing", r -> !r.has("amount"));
        kinds.put("amount 12,50", r -> r.path("amount").asText().equals("12,50"));
        kinds.put("amount abc", r -> r.path("amount").asText().equals("abc"));
        kinds.put("amount true", r -> r.path("amount").isBoolean());
        kinds.put("status active", r -> r.path("status").asText().equals("active"));
        kinds.put("status ' Active '", r -> r.path("status").asText().equals(" Active "));
        kinds.put("status ACTIVE", r -> r.path("status").asText().equals("ACTIVE"));
        kinds.put("status refunded", r -> r.path("status").asText().equals("refunded"));
        kinds.put("status pending", r -> r.path("status").asText().equals("pending"));
        kinds.put("status missing", r -> !r.has("status"));
        kinds.put("created_at with Z", r -> r.path("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z"));
        kinds.put("created_at +02:00", r -> r.path("created_at").asText().endsWith("+02:00"));
        kinds.put("created_at -05:00", r -> r.path("created_at").asText().endsWith("-05:00"));
        kinds.put(
                "created_at local date-time",
                r -> r.path("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+"));
        kinds.put("created_at date", r -> r.path("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\d"));
        kinds.put(
                "created_at epoch seconds",
                r -> r.path("created_at").isIntegralNumber()
                        && r.get("created_at").longValue() < 100_000_000_000L);
        kinds.put(
                "created_at epoch millis",
                r -> r.path("created_at").isIntegralNumber()
                        && r.get("created_at").longValue() > 100_000_000_000L);
        kinds.put(
                "created_at 2026-02-30T12:00:00Z",
                r -> r.path("created_at").asText().equals("2026-02-30T12:00:00Z"));
        kinds.put("created_at not-a-date", r -> r.path("created_at").asText().equals("not-a-date"));
        kinds.put("extra field channel", r -> r.path("channel").isTextual());
        kinds.put(
                "nested meta with tags",
                r -> r.path("meta").path("tags").isArray()
                        && r.path("meta").path("device").isTextual());

        for (Map.Entry<String, Predicate<JsonNode>> kind : kinds.entrySet()) {
            assertThat(records).as(kind.getKey()).anyMatch(kind.getValue());
        }
    }

    @Test
    void laterCopiesOfAnIdChangeTheAmountAndSometimesTurnRefunded() {
        List<JsonNode> records = Pages.all(RECORDS);
        Map<String, JsonNode> seen = new HashMap<>();
        int changedAmount = 0;
        int turnedRefunded = 0;
        for (JsonNode r : records) {
            if (!r.hasNonNull("id") || r.get("id").asText().isBlank() || !r.has("status")) {
                continue;
            }
            JsonNode earlier = seen.put(r.get("id").asText(), r);
            if (earlier != null && earlier.has("status")) {
                changedAmount +=
                        earlier.path("amount").asText().equals(r.path("amount").asText()) ? 0 : 1;
                turnedRefunded += !earlier.get("status").asText().equals("refunded")
                                && r.get("status").asText().equals("refunded")
                        ? 1
                        : 0;
            }
        }
        assertThat(changedAmount).isGreaterThan(10);
        assertThat(turnedRefunded).isPositive();
    }
}
