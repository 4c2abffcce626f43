package io.dailyetl.report.mail;

import io.dailyetl.report.csv.SpendReport;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.util.List;

/**
 * Emails a weekly report: subject {@code Weekly spend report <from> – <last day>}, a text and an HTML summary
 * (window, users, total, top 10) from Qute templates, and the CSV attached. SMTP failures are retried with
 * backoff before the caller hears of them.
 */
@ApplicationScoped
public class ReportMailer {

    private final Mailer mailer;
    private final Template text;
    private final Template html;

    ReportMailer(Mailer mailer, @Location("weekly-report.txt") Template text, @Location("weekly-report.html") Template html) {
        this.mailer = mailer;
        this.text = text;
        this.html = html;
    }

    public static String subject(SpendReport report) {
        return "Weekly spend report " + report.from() + " \u2013 " + report.lastDay();
    }

    @Retry(maxRetries = 3, delay = 1000, jitter = 500)
    public void send(SpendReport report, List<String> to) {
        Mail mail = new Mail()
                .setTo(to)
                .setSubject(subject(report))
                .setText(text.data("r", report).render())
                .setHtml(html.data("r", report).render())
                .addAttachment(report.fileName(), report.csv().toFile(), "text/csv; charset=UTF-8");
        mailer.send(mail);
    }
}
