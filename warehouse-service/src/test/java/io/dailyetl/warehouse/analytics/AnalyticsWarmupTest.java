package io.dailyetl.warehouse.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The start-up warm-up runs the user-spend query and writes a whole answer of a week's made-up users. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class AnalyticsWarmupTest {

    @Inject
    AnalyticsWarmup warmUp;

    @Test
    void theWarmUpQueriesAnEmptyDayAndWritesAWeekOfMadeUpUsersAsTheApiAnswersThem() throws Exception {
        // when the warm-up runs, writing its made-up answer where the test can read it
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        long users = warmUp.run(answer);

        // then it is a complete user-spend answer of that many users, in the API's shape
        JsonNode json = new ObjectMapper().readTree(answer.toByteArray());
        assertThat(users).isEqualTo(20_000);
        assertThat(json.path("users").asLong()).isEqualTo(users);
        assertThat(json.path("rows")).hasSize(20_000);
        assertThat(json.path("rows").get(0).path("totalSpent").asText()).isEqualTo("1.00");
        assertThat(json.fieldNames()).toIterable().containsExactly("from", "to", "users", "total", "rows");
    }
}
