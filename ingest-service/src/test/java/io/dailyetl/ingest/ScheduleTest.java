package io.dailyetl.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/schedule} with a daily cron: when the next scheduled run starts, read with a reader token (the
 * console's) or an operator token; the loader token is refused. (The tests' own profile has the schedule off:
 * {@link ScheduleOffTest}.)
 */
@QuarkusTest
@TestProfile(ScheduleTest.Daily.class)
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class ScheduleTest {

    /** A daily run at 03:30 in Berlin. */
    public static class Daily implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ingest.schedule.cron", "0 30 3 * * ?",
                    "ingest.clean.zone", "Europe/Berlin",
                    "ingest.source.incremental.enabled", "true",
                    "ingest.source.incremental.until-param", "updated_before");
        }
    }

    @Test
    @Documents("http-api: GET /api/schedule 200")
    void theNextScheduledRunIsTheNextHalfPastThreeInBerlin() {
        // given the time now, and the next 03:30 in Berlin after it, worked out here
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZonedDateTime now = ZonedDateTime.now(berlin);
        ZonedDateTime next = now.with(LocalTime.of(3, 30));
        if (!next.isAfter(now)) {
            next = now.plusDays(1).with(LocalTime.of(3, 30));
        }

        // when the console's reader token asks for the schedule
        Response answer = given().auth().oauth2(WarehouseProcess.READER_TOKEN).get("/api/schedule");

        // then it names the source, the cron, the zone and that next start
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("source")).isEqualTo("transactions");
        assertThat(answer.jsonPath().getString("cron")).isEqualTo("0 30 3 * * ?");
        assertThat(answer.jsonPath().getString("zone")).isEqualTo("Europe/Berlin");
        assertThat(Instant.parse(answer.jsonPath().getString("nextRunAt"))).isEqualTo(next.toInstant());
        // and, incremental with an upper bound, that a backfill may ask for a window
        assertThat(answer.jsonPath().getString("backfill")).isEqualTo("window");
    }

    @Test
    void theOperatorMayReadTheScheduleAndTheLoaderMayNot() {
        assertThat(given().auth()
                        .oauth2(WarehouseProcess.TOKEN)
                        .get("/api/schedule")
                        .statusCode())
                .isEqualTo(200);
        assertThat(given().auth()
                        .oauth2(WarehouseProcess.LOADER_TOKEN)
                        .get("/api/schedule")
                        .statusCode())
                .isEqualTo(403);
        assertThat(given().get("/api/schedule").statusCode()).isEqualTo(401);
    }
}
