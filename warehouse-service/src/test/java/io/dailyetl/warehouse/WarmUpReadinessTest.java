package io.dailyetl.warehouse;

import io.dailyetl.common.health.WarmUps;
import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** A service is ready only once its start-up warm-ups have ended; a failed one does not keep it unready. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class WarmUpReadinessTest {

    @Inject
    WarmUps warmUps;

    @Test
    void readinessWaitsForARunningWarmUpAndNotForAFailedOne() throws Exception {
        // given a warm-up that runs until released
        CountDownLatch release = new CountDownLatch(1);
        warmUps.start("test path", () -> {
            release.await(30, TimeUnit.SECONDS);
            return "released";
        });

        // then the service is not ready, and says which warm-up it waits for
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'warm-up' }.status", is("DOWN"))
                .body("checks.find { it.name == 'warm-up' }.data.'test path'", is("running"));

        // when it ends, then the service is ready
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'warm-up' }.data.'test path'", startsWith("done in ")));

        // and a warm-up that fails leaves it ready
        warmUps.start("failing path", () -> {
            throw new IllegalStateException("made-up failure");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'warm-up' }.data.'failing path'", startsWith("failed: ")));
    }
}
