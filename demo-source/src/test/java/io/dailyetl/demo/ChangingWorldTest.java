package io.dailyetl.demo;

import static io.dailyetl.demo.ChangingWorld.NEW_PER_DAY;
import static io.dailyetl.demo.ChangingWorld.START_DAY;
import static io.dailyetl.demo.ChangingWorld.UPDATES_PER_DAY;
import static io.dailyetl.demo.ChangingWorld.updatedAt;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.demo.data.Dataset;
import io.dailyetl.demo.data.SourceData;
import io.dailyetl.demo.data.Window;
import io.dailyetl.demo.data.World;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ChangingWorld.Profile.class)
class ChangingWorldTest {

    private static final int RECORDS = 500;

    @Inject
    SourceData data;

    @Test
    void advancingADayCreatesAndChangesExactlyTheConfiguredNumberOfRecords() {
        Map<String, Object> before = ChangingWorld.today();
        List<JsonNode> earlier = ChangingWorld.everything();
        Map<String, ExpectedAnswersTest.Clean> state = ChangingWorld.latest(earlier);

        Map<String, Object> day = ChangingWorld.advance();

        int number = (int) before.get("day") + 1;
        LocalDate date = START_DAY.plusDays(number - 1L);
        assertThat(day)
                .containsEntry("day", number)
                .containsEntry("date", date.toString())
                .containsEntry("created", NEW_PER_DAY)
                .containsEntry("updated", UPDATES_PER_DAY);
        assertThat(ChangingWorld.today()).isEqualTo(day);
        List<JsonNode> now = ChangingWorld.everything();
        assertThat(now).hasSize((int) day.get("records"));

        // the day's records come last, in order of updated_at, all within the day, all clean
        Instant dayStart = ChangingWorld.dayStart(number);
        List<JsonNode> today =
                now.stream().filter(r -> !updatedAt(r).isBefore(dayStart)).toList();
        assertThat(today).hasSize(NEW_PER_DAY + UPDATES_PER_DAY);
        assertThat(now.subList(now.size() - today.size(), now.size())).isEqualTo(today);
        assertThat(today)
                .map(ChangingWorld::updatedAt)
                .isSorted()
                .allMatch(t -> t.isBefore(dayStart.plusSeconds(86_400)));
        Set<String> created = new HashSet<>();
        Set<String> changed = new HashSet<>();
        for (JsonNode r : today) {
            ExpectedAnswersTest.Clean clean = ExpectedAnswersTest.clean(r);
            assertThat(clean).as(r.toString()).isNotNull();
            assertThat(r.get("updated_at").textValue()).endsWith("Z");
            ExpectedAnswersTest.Clean was = state.get(clean.id());
            if (was == null) {
                created.add(clean.id());
                assertThat(clean.createdAt()).as(r.toString()).isEqualTo(updatedAt(r));
            } else {
                changed.add(clean.id());
                assertThat(clean.createdAt()).as("created_at kept: %s", r).isEqualTo(was.createdAt());
                assertThat(clean.userId()).as("user kept: %s", r).isEqualTo(was.userId());
                assertThat(clean.amount().compareTo(was.amount()) != 0
                                || !clean.status().equals(was.status()))
                        .as("amount or status changed: %s was %s", r, was)
                        .isTrue();
            }
        }
        assertThat(created).hasSize(NEW_PER_DAY);
        assertThat(changed).hasSize(UPDATES_PER_DAY);

        // everything else stays as it was, but for the changed ids' earlier records (rejects change nothing)
        List<String> kept = earlier.stream()
                .filter(r -> {
                    ExpectedAnswersTest.Clean clean = ExpectedAnswersTest.clean(r);
                    return clean == null || !changed.contains(clean.id());
                })
                .map(JsonNode::toString)
                .toList();
        assertThat(now.subList(0, now.size() - today.size()).stream()
                        .map(JsonNode::toString)
                        .toList())
                .isEqualTo(kept);
        assertThat(ChangingWorld.latest(now)).hasSize(state.size() + NEW_PER_DAY);
    }

    @Test
    void day0IsTheGeneratedDataWithAnUpdatedAtBeforeTheStartDay() {
        List<JsonNode> all = ChangingWorld.everything();
        Instant start = ChangingWorld.dayStart(1);
        List<JsonNode> day0 =
                all.stream().filter(r -> updatedAt(r).isBefore(start)).toList();

        assertThat(all).allMatch(r -> r.path("updated_at").isTextual());
        assertThat(day0.size()).isLessThanOrEqualTo(RECORDS).isGreaterThan(RECORDS - 20 * UPDATES_PER_DAY);
        assertThat(day0).map(ChangingWorld::updatedAt).isSorted();
        Map<String, Instant> times = new HashMap<>();
        for (JsonNode r : day0) {
            ExpectedAnswersTest.Clean clean = ExpectedAnswersTest.clean(r);
            if (clean != null) {
                assertThat(updatedAt(r))
                        .as("a day-0 record was updated when created: %s", r)
                        .isEqualTo(clean.createdAt());
                Instant other = times.put(clean.id(), updatedAt(r));
                assertThat(other == null || other.equals(updatedAt(r)))
                        .as("copies of an id share updated_at")
                        .isTrue();
            }
        }
        // day 0 is the static data set with updated_at added: the same records in another order
        Dataset base = data.world().base();
        Set<JsonNode> generated = new HashSet<>();
        for (int i = 0; i < base.size(); i++) {
            generated.add(Pages.parse(base.json(i).getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(day0).map(ChangingWorldTest::withoutUpdatedAt).allMatch(generated::contains);
    }

    @Test
    void theSameSeedGivesTheSameWorldDayByDay() {
        int day = ChangingWorld.atLeast(2);
        byte[] served = given().when()
                .get("/api/transactions?page=1&size=10000")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();

        Dataset.Settings settings = data.dataset().settings();
        World.Settings changing = new World.Settings(NEW_PER_DAY, UPDATES_PER_DAY, START_DAY);
        World again = World.generate(settings, changing);
        World other = World.generate(
                new Dataset.Settings(settings.seed() + 1, settings.records(), settings.weekStart(), settings.users()),
                changing);
        for (int d = 0; d < day; d++) {
            again.advance();
            other.advance();
        }

        byte[] prefix = "{\"results\":[".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "]}".getBytes(StandardCharsets.US_ASCII);
        assertThat(again.today().records(Window.ALL).body(prefix, 0, 10_000, suffix))
                .isEqualTo(served);
        assertThat(other.today().records(Window.ALL).body(prefix, 0, 10_000, suffix))
                .isNotEqualTo(served);
        assertThat(again.today().summary()).isEqualTo(data.world().today().summary());
    }

    private static JsonNode withoutUpdatedAt(JsonNode record) {
        ObjectNode copy = record.deepCopy();
        copy.remove("updated_at");
        return copy;
    }
}
