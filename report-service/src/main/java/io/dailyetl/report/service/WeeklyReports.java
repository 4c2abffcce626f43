package io.dailyetl.report.service;

import io.dailyetl.contract.ProblemType;
import io.dailyetl.report.config.ReportConfig;
import io.dailyetl.report.csv.SpendCsvWriter;
import io.dailyetl.report.csv.SpendReport;
import io.dailyetl.report.mail.ReportMailer;
import io.dailyetl.report.service.ReportFailure.Reason;
import io.dailyetl.warehouseclient.AnalyticsClient;
import io.dailyetl.warehouseclient.DeliveriesClient;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseRejectedException;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The weekly report, one code path for the cron and the API: the window {@code [end - days, end)}
 * in {@code report.zone}, the warehouse's per-user spend rendered to CSV, and, when sending, one email per
 * window: the window is claimed at the warehouse before mailing, so a second firing, a restart or a second
 * replica does not send it again; {@code force} resends. Where SMTP forces a choice (the mail was accepted but
 * SENT not recorded), a window may be sent twice but never zero times, both with the same {@code Message-ID}.
 * Each report is a span ("weekly report"): its calls to the warehouse and the mail send are its children, in the
 * trace of the request that asked for it, or a trace of its own when the schedule fires.
 */
@ApplicationScoped
public class WeeklyReports {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>]+@[^@\\s,;<>]+");

    private final ReportConfig config;
    private final AnalyticsClient analytics;
    private final DeliveriesClient deliveries;
    private final ReportMailer mailer;
    private final ReportMetrics metrics;

    WeeklyReports(
            ReportConfig config,
            AnalyticsClient analytics,
            DeliveriesClient deliveries,
            ReportMailer mailer,
            ReportMetrics metrics) {
        this.config = config;
        this.analytics = analytics;
        this.deliveries = deliveries;
        this.mailer = mailer;
        this.metrics = metrics;
    }

    /** What a report request asks for; nulls take the defaults. */
    public record Request(LocalDate end, Integer days, Boolean send, List<String> to, Boolean force) {}

    /**
     * What was reported and to whom; when a scheduled firing or the catch-up sent nothing: {@code alreadySent} if
     * the window was SENT, {@code beingSent} if another sender holds a live claim on it.
     */
    public record Result(
            LocalDate from,
            LocalDate to,
            long users,
            String total,
            List<String> emailedTo,
            boolean alreadySent,
            boolean beingSent) {}

    /** Builds the report and, unless {@code send} is false, emails it once. */
    @WithSpan("weekly report")
    public Result weekly(Request request, @SpanAttribute("report.trigger") String trigger) {
        LocalDate end = request.end() != null ? request.end() : LocalDate.now(config.zone());
        int days = request.days() != null ? request.days() : config.days();
        if (days < 1 || days > 366) {
            throw ReportFailure.invalid("days", "must be between 1 and 366");
        }
        LocalDate from = end.minusDays(days);
        boolean send = request.send() == null || request.send();
        List<String> to = recipients(request.to(), send);
        boolean force = Boolean.TRUE.equals(request.force());

        UUID delivery = null;
        if (send) {
            try {
                delivery = deliveries.claim("weekly", from, end, to, force);
            } catch (WarehouseConflictException e) {
                boolean sent = ProblemType.ALREADY_SENT.is(e.type());
                if (!"api".equals(trigger)) {
                    if (!sent) {
                        // a live claim: its sender says SENT, or FAILED (the catch-up sends it), or dies and its
                        // lease lapses (the catch-up takes the window over)
                        Log.infof(
                                "weekly report %s – %s (%s) left to the sender that claimed it: %s",
                                from, end.minusDays(1), trigger, e.getMessage());
                    } else if ("catch-up".equals(trigger)) {
                        Log.debugf("weekly report %s – %s was sent: %s", from, end.minusDays(1), e.getMessage());
                    } else {
                        Log.infof("weekly report %s – %s not sent again: %s", from, end.minusDays(1), e.getMessage());
                    }
                    return new Result(from, end, 0, null, List.of(), sent, !sent);
                }
                throw ReportFailure.of(
                        sent
                                ? Reason.ALREADY_SENT
                                : ProblemType.BEING_SENT.is(e.type()) ? Reason.BEING_SENT : Reason.CLAIM_REFUSED,
                        e.getMessage());
            } catch (RuntimeException e) {
                throw unavailable(e);
            }
        }
        SpendReport report;
        try {
            report = build(from, end);
        } catch (RuntimeException e) {
            release(delivery, "building the report failed: " + e.getMessage());
            metrics.failed.increment();
            throw e;
        }
        try {
            if (send) {
                String messageId = ReportMailer.messageId(from, end, force ? delivery : null);
                try {
                    mailer.send(report, to, messageId);
                } catch (RuntimeException e) {
                    release(delivery, "SMTP: " + e.getMessage());
                    metrics.failed.increment();
                    Log.errorf(
                            "weekly report %s – %s (%s) could not be emailed: %s",
                            from, report.lastDay(), trigger, e.getMessage());
                    throw ReportFailure.of(
                            Reason.MAIL_FAILED,
                            "the report was built but could not be emailed after retries: " + e.getMessage());
                }
                try {
                    deliveries.sent(delivery, report.users(), report.total(), messageId);
                } catch (RuntimeException e) {
                    // the mail is out; the claim lapses and the window is sent again: twice, never zero times
                    Log.warnf(
                            "weekly report %s – %s was emailed but SENT could not be recorded for delivery %s (%s); "
                                    + "it is sent again, with the same Message-ID, once the claim lapses",
                            from, report.lastDay(), delivery, e.getMessage());
                }
                metrics.sent.increment();
                metrics.rows.increment(report.users());
                metrics.lastSuccess.set(Instant.now().getEpochSecond());
                Log.infof(
                        "weekly report %s – %s (%s) emailed to %s: %d users, total %s",
                        from, report.lastDay(), trigger, to, report.users(), report.total());
            }
            return new Result(
                    from, end, report.users(), report.total().toPlainString(), send ? to : List.of(), false, false);
        } finally {
            delete(report);
        }
    }

    /** The report's CSV for a window, for download; the caller deletes the file. */
    public SpendReport csv(LocalDate end, Integer days) {
        LocalDate last = end != null ? end : LocalDate.now(config.zone());
        int d = days != null ? days : config.days();
        if (d < 1 || d > 366) {
            throw ReportFailure.invalid("days", "must be between 1 and 366");
        }
        return build(last.minusDays(d), last);
    }

    private SpendReport build(LocalDate from, LocalDate to) {
        InputStream answer;
        try {
            answer = analytics.userSpend(
                    from, to, config.status(), config.zone(), config.source().orElse(null));
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        try (answer) {
            return SpendCsvWriter.write(answer, from, to);
        } catch (IOException e) {
            throw ReportFailure.of(
                    Reason.WAREHOUSE_UNAVAILABLE,
                    "the warehouse's user-spend answer could not be read: " + e.getMessage());
        }
    }

    private List<String> recipients(List<String> requested, boolean send) {
        List<String> to = requested != null && !requested.isEmpty()
                ? requested
                : config.mail().to().orElse(List.of());
        to = to.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (send && to.isEmpty()) {
            throw ReportFailure.invalid("to", "no recipients: send \"to\" or set report.mail.to (REPORT_MAIL_TO)");
        }
        for (String address : to) {
            if (!ADDRESS.matcher(address).matches()) {
                throw ReportFailure.invalid("to", "not an email address: \"" + address + "\"");
            }
        }
        if (requested != null && !requested.isEmpty()) {
            for (String address : to) {
                if (!allowed(address)) {
                    // a well-formed address (no spaces, so no CR/LF), safe to log as it is
                    Log.warnf(
                            "security: a report request named a recipient outside report.mail.allowed-recipients: %s;"
                                    + " refused, nothing sent",
                            address);
                    throw ReportFailure.recipientNotAllowed(address);
                }
            }
        }
        return to;
    }

    /** Whether a caller may name {@code address}: listed, or of an {@code @domain} listed (case-insensitive). */
    private boolean allowed(String address) {
        List<String> allowed =
                config.mail().allowedRecipients().or(() -> config.mail().to()).orElse(List.of());
        String lower = address.toLowerCase(Locale.ROOT);
        return allowed.stream()
                .map(a -> a.trim().toLowerCase(Locale.ROOT))
                .filter(a -> !a.isEmpty())
                .anyMatch(a -> a.startsWith("@") ? lower.endsWith(a) : lower.equals(a));
    }

    private void release(UUID delivery, String error) {
        if (delivery == null) {
            return;
        }
        try {
            deliveries.failed(delivery, error);
        } catch (RuntimeException e) {
            // the claim lapses on its own (warehouse.delivery.lease) and the catch-up sends the window then
            Log.warnf("could not mark delivery %s FAILED: %s", delivery, e.getMessage());
        }
    }

    private static ReportFailure unavailable(RuntimeException e) {
        if (e instanceof ReportFailure f) {
            return f;
        }
        if (e instanceof WarehouseRejectedException) {
            // it was reached, and refused: "the warehouse answered 403: … (is PIPELINE_WAREHOUSE_TOKEN …?)"
            return ReportFailure.of(Reason.WAREHOUSE_UNAVAILABLE, e.getMessage());
        }
        return ReportFailure.of(Reason.WAREHOUSE_UNAVAILABLE, "the warehouse cannot be reached: " + e.getMessage());
    }

    private static void delete(SpendReport report) {
        try {
            Files.deleteIfExists(report.csv());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
