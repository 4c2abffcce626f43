package io.dailyetl.report.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The notification sender ({@code report.notify.*}, env {@code REPORT_NOTIFY_*}, docs/notifications.md): which
 * channels it sends the warehouse's notifications to, and what their links point at. Recipients and the webhook URL
 * come from here only; no API takes them. With no channel configured nothing is claimed from the warehouse.
 */
@ConfigMapping(prefix = "report.notify")
public interface NotifyConfig {

    /**
     * How often the sender claims due notifications from the warehouse ({@code 15s}; {@code off} stops it). Read by
     * the scheduler; here for its documentation.
     */
    @WithDefault("15s")
    String pollEvery();

    /** How many notifications one poll claims at most. */
    @WithDefault("20")
    int claimLimit();

    /**
     * The base URL of the links in a notification (the warehouse's own URL unless set, so the console can be the
     * target later), without a trailing slash.
     */
    @WithDefault("${quarkus.rest-client.warehouse.url}")
    String baseUrl();

    Links links();

    Email email();

    Webhook webhook();

    /** Link templates: {@code {runId}}, {@code {loadId}} and {@code {source}} are replaced (URL-encoded). */
    interface Links {
        /** A run's link. */
        @WithDefault("${report.notify.base-url}/api/runs/{runId}")
        String run();

        /** The link to a run's load's rejects (left out when the run has no load). */
        @WithDefault("${report.notify.base-url}/api/loads/{loadId}/rejects")
        String rejects();
    }

    /** The e-mail channel: SMTP as the weekly report sends it ({@code quarkus.mailer.*}). */
    interface Email {
        /** Recipients, comma-separated (env {@code REPORT_NOTIFY_EMAIL_TO}); unset or empty: the channel is off. */
        Optional<List<String>> to();

        /** The From address; unset: the report's ({@code quarkus.mailer.from}). */
        Optional<String> from();
    }

    /** The webhook channel: a signed JSON POST with a Slack-compatible {@code text}. */
    interface Webhook {
        /**
         * Where to POST (http or https; env {@code REPORT_NOTIFY_WEBHOOK_URL}); unset or empty: the channel is off.
         * Its path may carry a secret (Slack's does): only its scheme and host are ever logged or recorded.
         */
        Optional<String> url();

        /**
         * The shared secret of the signature (env {@code REPORT_NOTIFY_WEBHOOK_SECRET}, at least 16 characters),
         * required when the URL is set; no default. Never logged.
         */
        Optional<String> secret();

        /** How long a POST may take, connection included, before it counts as failed. */
        @WithDefault("10s")
        Duration timeout();
    }
}
