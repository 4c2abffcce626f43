package io.dailyetl.report.mail;

import io.dailyetl.report.csv.SpendReport;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Emails a weekly report: subject {@code Weekly spend report <from> – <last day>}, a text and an HTML summary
 * (window, users, total, top 10) from Qute templates, and the CSV attached. SMTP failures are retried with
 * backoff before the caller hears of them. The {@code Message-ID} is the caller's, derived from the window, so a
 * window sent twice (a crash after SMTP accepted the mail but before SENT was recorded) arrives twice with the
 * same id, which mail programs and people can recognise as one message. A send, its retries included, is a span
 * ("mail send").
 */
@ApplicationScoped
public class ReportMailer {

    private final Mailer mailer;
    private final Template text;
    private final Template html;

    ReportMailer(
            Mailer mailer,
            @Location("weekly-report.txt") Template text,
            @Location("weekly-report.html") Template html) {
        this.mailer = mailer;
        this.text = text;
        this.html = html;
    }

    public static String subject(SpendReport report) {
        return "Weekly spend report " + report.from() + " \u2013 " + report.lastDay();
    }

    /**
     * The Message-ID of a window's mail: {@code <weekly.<from>.<to>@daily-etl>}, the same for every sending of the
     * window; a forced resend adds its delivery id, so it is a new message.
     */
    public static String messageId(LocalDate from, LocalDate to, UUID forcedDelivery) {
        return "<weekly." + from + "." + to + (forcedDelivery == null ? "" : "." + forcedDelivery) + "@daily-etl>";
    }

    @WithSpan("mail send")
    @Retry(maxRetries = 3, delay = 1000, jitter = 500)
    public void send(SpendReport report, List<String> to, String messageId) {
        mailer.send(mail(report, to, messageId));
    }

    /** The mail of a report, rendered and not sent. */
    public Mail mail(SpendReport report, List<String> to, String messageId) {
        return new Mail()
                .setTo(to)
                .addHeader("Message-ID", messageId)
                .setSubject(subject(report))
                .setText(text.data("r", report).render())
                .setHtml(html.data("r", report).render())
                .addAttachment(report.fileName(), report.csv().toFile(), "text/csv; charset=UTF-8");
    }
}
