package io.dailyetl.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The console's settings (docs/console.md): its zone, how many runs it reads, the operator token it acts with, and
 * the built-in login's users.
 */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {

    /**
     * The zone the pages show times in (env {@code CONSOLE_ZONE}), e.g. {@code Europe/Berlin}; each time carries its
     * UTC instant on hover. An unknown zone refuses start-up.
     */
    @WithDefault("UTC")
    String zone();

    /** How many of the most recent runs the pages read from the warehouse (env {@code CONSOLE_RUNS}, 1-500). */
    @WithDefault("200")
    int runs();

    /**
     * Where a run's trace id links to (env {@code CONSOLE_TRACE_LINK}), a URL with {@code {traceId}} in it, e.g.
     * {@code https://jaeger.example/trace/{traceId}}; unset, the trace id is shown as plain text.
     */
    Optional<String> traceLink();

    /**
     * How often a page of a RUNNING run asks for its progress, in milliseconds (env
     * {@code CONSOLE_PROGRESS_INTERVAL_MS}, 500-60000).
     */
    @WithDefault("3000")
    int progressIntervalMs();

    /**
     * The operator token the console acts with (env {@code CONSOLE_OPERATOR_TOKEN}, a secret, never logged): one of
     * the {@code operator} tokens of ingest, report and the warehouse, used only for a person whose role is
     * {@code operator}. Unset, the console is read-only and says so where the buttons would be.
     */
    Optional<String> operatorToken();

    /** The two users of the built-in login, {@code viewer} and {@code operator}. */
    Users users();

    /** The users of the built-in login. */
    interface Users {

        /** May read every page (env {@code CONSOLE_USERS_VIEWER_PASSWORD}). */
        User viewer();

        /** May read every page, and later act (env {@code CONSOLE_USERS_OPERATOR_PASSWORD}). */
        User operator();
    }

    /** One user of the built-in login. */
    interface User {

        /**
         * The user's password, a secret, never logged. No default: the {@code prod} profile refuses to start without
         * both passwords; dev and test set their own.
         */
        Optional<String> password();
    }
}
