package io.dailyetl.demo.fault;

import io.dailyetl.demo.config.DemoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Decides, request by request, whether a page request fails; deterministic, so tests and demos can rely on it.
 *
 * <p>In this order: a request for the failing page always answers 500. Otherwise it is the n-th request counted for
 * the error rate, and answers 500 when {@code floor(n × rate)} goes up at n: a rate of 0.5 fails requests 2, 4, 6 …,
 * 0.25 fails 4, 8 …, 1 fails all. A request that did not fail is counted, the same way, for the throttle rate and
 * may answer 429. Counting starts again whenever the faults are changed. Rates are exact to a millionth.
 */
@ApplicationScoped
public class Faults {

    private static final long MILLION = 1_000_000L;

    /** What to do with one page request. */
    public enum Decision {
        SERVE,
        FAILING_PAGE,
        ERROR,
        THROTTLE
    }

    private Settings settings;
    private long errorPpm;
    private long throttlePpm;
    private long pageRequests;
    private long errorCount;
    private long throttleCount;
    private long injectedErrors;
    private long injectedThrottles;

    @Inject
    Faults(DemoConfig config) {
        this(initial(config.faults()));
    }

    /** Faults that start as {@code initial} (a provider's own: none until {@code PUT /admin/providers/<name>/faults}). */
    public Faults(Settings initial) {
        String problem = initial.problem();
        if (problem != null) {
            throw new IllegalArgumentException("demo.faults: " + problem);
        }
        change(initial);
    }

    /** No faults. */
    public static final Settings NONE = new Settings(0, 0, 0, null);

    private static Settings initial(DemoConfig.Faults f) {
        Settings initial = new Settings(
                f.errorRate(),
                f.throttleRate(),
                f.latency().toMillis(),
                f.failingPage().isPresent() ? f.failingPage().getAsInt() : null);
        return initial;
    }

    /** The faults: rates in 0..1, latency in milliseconds, the always-failing page (1-based) or null. */
    public record Settings(double errorRate, double throttleRate, long latencyMs, Integer failingPage) {

        /** What is wrong with these settings, or null. */
        public String problem() {
            if (!(errorRate >= 0 && errorRate <= 1)) {
                return "errorRate must be between 0 and 1";
            }
            if (!(throttleRate >= 0 && throttleRate <= 1)) {
                return "throttleRate must be between 0 and 1";
            }
            if (latencyMs < 0 || latencyMs > 600_000) {
                return "latencyMs must be between 0 and 600000";
            }
            if (failingPage != null && failingPage < 1) {
                return "failingPage must be >= 1 (or null for none)";
            }
            return null;
        }
    }

    /** The faults in force and what they did since they were set. */
    public record View(
            double errorRate,
            double throttleRate,
            long latencyMs,
            Integer failingPage,
            long pageRequests,
            long injectedErrors,
            long injectedThrottles) {}

    /** Puts new faults in force and starts counting again. */
    public synchronized void change(Settings next) {
        settings = next;
        errorPpm = Math.round(next.errorRate() * MILLION);
        throttlePpm = Math.round(next.throttleRate() * MILLION);
        pageRequests = 0;
        errorCount = 0;
        throttleCount = 0;
        injectedErrors = 0;
        injectedThrottles = 0;
    }

    public synchronized View view() {
        return new View(
                settings.errorRate(),
                settings.throttleRate(),
                settings.latencyMs(),
                settings.failingPage(),
                pageRequests,
                injectedErrors,
                injectedThrottles);
    }

    /** Counts one request for page {@code page} (1-based, in the request's own page size) and decides its fate. */
    public synchronized Decision decide(long page) {
        pageRequests++;
        Integer failing = settings.failingPage();
        if (failing != null && page == failing) {
            injectedErrors++;
            return Decision.FAILING_PAGE;
        }
        errorCount++;
        if (crossed(errorCount, errorPpm)) {
            injectedErrors++;
            return Decision.ERROR;
        }
        throttleCount++;
        if (crossed(throttleCount, throttlePpm)) {
            injectedThrottles++;
            return Decision.THROTTLE;
        }
        return Decision.SERVE;
    }

    /** The delay added to every page answer. */
    public synchronized Duration latency() {
        return Duration.ofMillis(settings.latencyMs());
    }

    /** True when floor(n × rate) rises at the n-th request (rate in parts per million). */
    private static boolean crossed(long n, long ppm) {
        return n * ppm / MILLION > (n - 1) * ppm / MILLION;
    }
}
