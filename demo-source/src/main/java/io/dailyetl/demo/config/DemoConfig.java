package io.dailyetl.demo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
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

    /**
     * Providers ({@code demo.providers.<name>.*}): more sources of the same kind of records, each with its own
     * records (its own seed), field names and authentication, served at {@code /providers/<name>/transactions} in
     * every pagination style, with its own faults and counters. Their ids collide with each other's (all are
     * {@code tx-<n>} and the like): a pipeline must keep them apart by source. None by default.
     */
    Map<String, Provider> providers();

    /** One provider of {@link #providers()}. */
    interface Provider {
        /** Seed of this provider's records (give each provider its own: the same seed gives the same records). */
        long seed();

        /** Records this provider serves, rejects and duplicates included. */
        @WithDefault("10000")
        int records();

        /** Page size when a request names none. */
        @WithDefault("100")
        int pageSize();

        /** Delay added to each of its page answers from start-up (a slower API); its faults can change it. */
        @WithDefault("0s")
        Duration latency();

        /** What this provider calls the five mapped fields. */
        ProviderFields fields();

        /** How a request to this provider's pages proves who it is. */
        ProviderAuth auth();
    }

    /** A provider's names for the five mapped fields (the single source's by default). */
    interface ProviderFields {
        @WithDefault("id")
        String id();

        @WithDefault("user_id")
        String userId();

        @WithDefault("amount")
        String amount();

        @WithDefault("status")
        String status();

        @WithDefault("created_at")
        String createdAt();
    }

    /** A provider's authentication. */
    interface ProviderAuth {
        /**
         * {@code none}; {@code bearer}: {@code Authorization: Bearer <secret>}; {@code api-key}: header
         * {@link #header()} holds the secret; {@code oauth2}: a token from {@code POST
         * /providers/<name>/oauth/token} (client credentials grant, {@link #clientId()} and the secret, in HTTP basic
         * or the form), valid for {@link #tokenLifetime()}, as {@code Authorization: Bearer <token>}.
         */
        @WithDefault("none")
        AuthType type();

        /** The bearer token, API key or OAuth2 client secret (required unless type is none). */
        Optional<String> secret();

        /** The header carrying the API key ({@code api-key} only). */
        @WithDefault("X-API-Key")
        String header();

        /** The OAuth2 client id ({@code oauth2} only). */
        @WithDefault("ingest")
        String clientId();

        /** How long an issued OAuth2 access token is valid ({@code expires_in}; whole seconds, at least 1 s). */
        @WithDefault("60s")
        Duration tokenLifetime();
    }

    /** How a provider authenticates requests. */
    enum AuthType {
        NONE,
        BEARER,
        API_KEY,
        OAUTH2
    }

    /** Faults at start-up; {@code PUT /admin/faults} changes them at runtime. */
    Faults faults();

    /**
     * {@code static}: the records never change (the default). {@code changing}: they are created and updated over
     * simulated days ({@code POST /admin/world/advance}), carry an {@code updated_at}, and the page endpoints take the
     * changed-since filter {@code updated_since} / {@code updated_before}.
     */
    @WithDefault("static")
    World world();

    /** Whether the records change (see {@link #world()}). */
    enum World {
        STATIC,
        CHANGING
    }

    /** The simulated days of {@code demo.world=changing}; unused in the static world. */
    Changing changing();

    /** How the world changes, day by day (only with {@code demo.world=changing}). */
    interface Changing {
        /** Records with new ids created on every simulated day. */
        @WithDefault("200")
        int newPerDay();

        /** Existing records changed (new amount and/or status) on every simulated day. */
        @WithDefault("100")
        int updatesPerDay();

        /**
         * The date of day 1, the first day {@code POST /admin/world/advance} simulates (day n is start-day + n - 1).
         * The {@code demo.records} records of day 0 were created before it (in the week of {@code demo.week-start},
         * the latest at noon of the Monday after), so it must be after that: the default suits the default week.
         */
        @WithDefault("2026-11-24")
        LocalDate startDay();
    }

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
