package io.dailyetl.report.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** What an operator can tune in report-service ({@code report.*}, env {@code REPORT_*}). */
@ConfigMapping(prefix = "report")
public interface ReportConfig {

    /** Zone whose midnights bound the report's days, and of the weekly schedule. */
    @WithDefault("UTC")
    ZoneId zone();

    /** Days in the default window {@code [end - days, end)}. */
    @WithDefault("7")
    int days();

    /** The status whose spend is reported. */
    @WithDefault("active")
    String status();

    /**
     * The one source whose spend is reported (a name ingest loads under); unset, the default: every source, each
     * user's spend summed across them. The CSV's columns are the same either way.
     */
    Optional<String> source();

    /**
     * Whether the report's own code (reading the warehouse's answer, writing the CSV, rendering and encoding the
     * mail) runs once on made-up data in the background right after start-up, and reads an empty week from the
     * warehouse once it is ready, so that the first real report runs compiled code over a warm REST client instead
     * of paying for class loading and the JIT. Nothing is sent or written.
     */
    @WithDefault("true")
    boolean warmUp();

    Mail mail();

    Schedule schedule();

    interface Mail {
        /** Default recipients (env {@code REPORT_MAIL_TO}, comma-separated). */
        Optional<List<String>> to();

        /**
         * Whom a caller of the report API may name as recipients (env {@code REPORT_MAIL_ALLOWED_RECIPIENTS},
         * comma-separated): addresses, and {@code @domain} entries for every address of a domain. When unset, only
         * the addresses of {@code report.mail.to}. A request naming anyone else is refused and nothing is sent.
         */
        Optional<List<String>> allowedRecipients();
    }

    interface Schedule {
        /** Quartz-style cron of the weekly send, in report.zone; {@code off} disables it. Default Monday 06:00. */
        @WithDefault("0 0 6 ? * MON")
        String cron();

        /**
         * How often the catch-up looks at the window of the cron's most recent firing (if it fired within the last
         * {@code report.days} days) and sends it unless it was SENT: a firing that failed (SMTP down), or whose
         * sender died mid-send (once its claim lapsed at the warehouse), is sent then. Its first run is right after
         * start-up. {@code off} disables it; it never runs while the cron is {@code off}.
         */
        @WithDefault("5m")
        String catchUpEvery();
    }
}
