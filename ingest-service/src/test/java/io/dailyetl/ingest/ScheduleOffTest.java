package io.dailyetl.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** {@code GET /api/schedule} while the schedule is {@code off} (as in the tests' profile): no next run. */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class ScheduleOffTest {

    @Test
    void aScheduleThatIsOffHasNoNextRun() {
        // when the console's reader token asks for the schedule, which is off
        Response answer = given().auth().oauth2(WarehouseProcess.READER_TOKEN).get("/api/schedule");

        // then it says so, with no next run
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("cron")).isEqualTo("off");
        assertThat(answer.jsonPath().getString("nextRunAt")).isNull();
        // and, incremental mode being off (the default), that no window can be backfilled
        assertThat(answer.jsonPath().getString("backfill")).isEqualTo("off");
    }
}
