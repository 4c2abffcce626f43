package io.dailyetl.demo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;

/** What the demo source can be told ({@code demo.*}, env {@code DEMO_*}); read once at start-up. */
@ConfigMapping(prefix = "demo")
public interface DemoConfig {

    /** Seed of the generator: the same seed (and the same other settings) gives byte-identical pages. */
    @WithDefault("42")
    long seed();

    /** Records served, rejects and duplicates included. */
    @WithDefault("10000")
    int records();

    /** Page size when a request names none. */
    @WithDefault("100")
    int pageSize();

    /** A Monday: every record meant to count lies in [week-start, week-start + 7 days), UTC. */
    @WithDefault("2026-11-16")
    LocalDate weekStart();

    /** Regular users (a few special user ids come on top). */
    @WithDefault("200")
    int users();

    /** When set, every {@code /api/transactions*} request must carry {@code Authorization: Bearer <it>} (else 401). */
    Optional<String> authToken();

    /** Faults at start-up; {@code PUT /admin/faults} changes them at runtime. */
    Faults faults();

    /** Injected faults on page requests (every pagination style). */
    interface Faults {
        /** Fraction (0..1) of page requests answered 500, spread evenly: 0.5 fails every second request. */
        @WithDefault("0")
        double errorRate();

        /** Fraction (0..1) of the remaining page requests answered 429 with {@code Retry-After: 1}. */
        @WithDefault("0")
        double throttleRate();

        /** Delay added to every page answer. */
        @WithDefault("0s")
        Duration latency();

        /** This page number (1-based, in the request's page size) always answers 500. */
        OptionalInt failingPage();
    }
}
