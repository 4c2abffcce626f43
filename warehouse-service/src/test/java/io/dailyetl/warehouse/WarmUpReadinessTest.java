package io.dailyetl.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.dailyetl.common.health.WarmUp;
import io.dailyetl.common.health.WarmUps;
import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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
        warmUps.start(true, WarmUp.atStart("test path", () -> {
            release.await(30, TimeUnit.SECONDS);
            return "released";
        }));

        // then the service is not ready, and says which warm-up it waits for
        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'warm-up' }.status", is("DOWN"))
                .body("checks.find { it.name == 'warm-up' }.data.'test path'", is("running"));

        // when it ends, then the service is ready
        release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'warm-up' }.data.'test path'", startsWith("done in ")));

        // and a warm-up that fails leaves it ready
        warmUps.start(true, WarmUp.atStart("failing path", () -> {
            throw new IllegalStateException("made-up failure");
        }));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'warm-up' }.data.'failing path'", startsWith("failed: ")));
    }

    @Test
    void aWarmUpThatNeedsAnotherServiceWaitsForItWithoutKeepingTheServiceUnready() {
        // given a warm-up that needs another service, which is not ready yet
        AtomicBoolean otherReady = new AtomicBoolean();
        AtomicInteger runs = new AtomicInteger();
        warmUps.start(
                true,
                WarmUp.whenReady(
                        "test round trip",
                        otherReady::get,
                        Duration.ofMinutes(1),
                        () -> "ran " + runs.incrementAndGet()));

        // then this service is ready meanwhile, the warm-up waits and has not run
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'warm-up' }.data.'test round trip'", is("not awaited, waiting"));
        assertThat(runs.get()).isZero();

        // when the other service becomes ready, then the warm-up runs, once
        otherReady.set(true);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body(
                                "checks.find { it.name == 'warm-up' }.data.'test round trip'",
                                startsWith("not awaited, done in ")));
        assertThat(runs.get()).isEqualTo(1);

        // and one whose other service never becomes ready in time is skipped without running
        AtomicInteger neverRuns = new AtomicInteger();
        warmUps.start(
                true,
                WarmUp.whenReady(
                        "test skipped trip",
                        () -> false,
                        Duration.ofMillis(1),
                        () -> "ran " + neverRuns.incrementAndGet()));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body(
                                "checks.find { it.name == 'warm-up' }.data.'test skipped trip'",
                                is("not awaited, skipped")));
        assertThat(neverRuns.get()).isZero();
    }

    @Test
    void warmUpsTurnedOffNeverRun() {
        // given warm-ups declared while the service's warm-up key is false
        AtomicInteger runs = new AtomicInteger();

        // when they are started
        warmUps.start(
                false,
                WarmUp.atStart("off path", () -> "ran " + runs.incrementAndGet()),
                WarmUp.whenReady("off trip", () -> true, Duration.ofMinutes(1), () -> "ran " + runs.incrementAndGet()));

        // then neither runs nor shows in readiness
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'warm-up' }.data", not(hasKey("off path")))
                .body("checks.find { it.name == 'warm-up' }.data", not(hasKey("off trip")));
        assertThat(runs.get()).isZero();
    }
}
