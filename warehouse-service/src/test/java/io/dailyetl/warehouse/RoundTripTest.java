package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.dailyetl.warehouse.Api.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What goes in comes out verbatim: awkward strings, exact decimals, offsets, nested attributes. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RoundTripTest {

    private static final List<String> AWKWARD = List.of(
            "she said \"hi\", then left",
            "line one\nline two\r\nline three\ttabbed",
            "back\\slash \\N not null",
            "unicode: Zoë, 北京, emoji 🚀, RTL שלום",
            "'; DROP TABLE daily_snapshot; --",
            "=HYPERLINK(\"http://x\")");

    @Test
    void awkwardStringsSurviveVerbatim() throws Exception {
        // given records whose every text field is awkward
        String prefix = Api.uniquePrefix();
        String at = Api.uniqueWeek() + "T09:30:00+02:00";
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < AWKWARD.size(); i++) {
            String s = AWKWARD.get(i);
            Map<String, Object> r = record(prefix + i + s, s, "0.10", "active", at);
            r.put("attributes", Map.of("note", s, "nested", Map.of("list", List.of(s, 1, true))));
            records.add(r);
        }

        // when they are loaded
        Api.load(Api.uniqueSource(), List.of(records)).body("inserted", is(AWKWARD.size()));

        // then the database holds them exactly, and the table is still there
        for (int i = 0; i < AWKWARD.size(); i++) {
            String s = AWKWARD.get(i);
            Map<String, Object> row = Api.snapshotRow(prefix + i + s);
            assertThat(row).as("row for %s", s).isNotNull();
            assertThat(row.get("user_id")).isEqualTo(s);
            assertThat(row.get("created_at")).isEqualTo(OffsetDateTime.parse(at).toInstant());
            Map<?, ?> attributes = new ObjectMapper().readValue((String) row.get("attributes"), Map.class);
            assertThat(attributes.get("note")).isEqualTo(s);
            assertThat(((Map<?, ?>) attributes.get("nested")).get("list")).isEqualTo(List.of(s, 1, true));
        }
        // and the spend answer names the users exactly
        String day = at.substring(0, 10);
        List<String> users = api().queryParam("from", day)
                .queryParam("to", LocalDate.parse(day).plusDays(1).toString())
                .when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("rows.userId");
        assertThat(users).containsAll(AWKWARD);
    }

    @Test
    void amountsStayExactDecimals() throws Exception {
        String prefix = Api.uniquePrefix();
        String at = Api.uniqueWeek() + "T00:00:00Z";
        Map<String, Object> asNumber = record(prefix + "n", "u", null, "active", at);
        asNumber.put("amount", new BigDecimal("12345678901234.123456"));
        Api.load(Api.uniqueSource(), List.of(List.of(asNumber, record(prefix + "s", "u", "0.000001", "active", at))));

        assertThat((BigDecimal) Api.snapshotRow(prefix + "n").get("amount"))
                .isEqualByComparingTo("12345678901234.123456");
        assertThat((BigDecimal) Api.snapshotRow(prefix + "s").get("amount")).isEqualByComparingTo("0.000001");
    }
}
