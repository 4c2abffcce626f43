package io.dailyetl.report.notify;

import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.report.config.NotifyConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The e-mail channel: to {@code report.notify.email.to}, from {@code report.notify.email.from} (else the report's
 * sender), through the report's SMTP settings; the subject is the notification's title, the body its text and an HTML
 * alternative (every value escaped by the template). The {@code Message-ID} derives from the notification's id, so a
 * notification sent twice (its sender killed after SMTP accepted it) arrives with one id. One try per attempt: the
 * warehouse decides when to try again.
 */
@ApplicationScoped
class EmailChannel implements Channel {

    static final String NAME = "email";

    private final Mailer mailer;
    private final Template html;
    private final List<String> to;
    private final String from;

    EmailChannel(Mailer mailer, @Location("notification.html") Template html, NotifyConfig config) {
        this.mailer = mailer;
        this.html = html;
        this.to = config.email().to().orElse(List.of()).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        this.from = config.email()
                .from()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .orElse(null);
    }

    /** The {@code Message-ID} of every sending of notification {@code id}: {@code <notification.<id>@daily-etl>}. */
    static String messageId(UUID id) {
        return "<notification." + id + "@daily-etl>";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean on() {
        return !to.isEmpty();
    }

    /** How many recipients it sends to. */
    int recipients() {
        return to.size();
    }

    /** The mail of {@code n}, rendered and not sent. */
    Mail mail(NotificationView n, NotificationMessage message) {
        Mail mail = new Mail()
                .setTo(to)
                .addHeader("Message-ID", messageId(n.id()))
                .setSubject(Text.oneLine(message.title()))
                .setText(message.text())
                .setHtml(html.data("m", message).render());
        if (from != null) {
            mail.setFrom(from);
        }
        return mail;
    }

    @Override
    public void send(NotificationView n, NotificationMessage message) {
        Mail mail = mail(n, message);
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            throw new ChannelFailure("e-mail not accepted by SMTP: " + cause(e));
        }
    }

    /** The innermost cause's type and message, on one line. */
    static String cause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String message = c.getMessage() == null ? "" : ": " + Text.abbreviate(c.getMessage(), 300);
        return c.getClass().getSimpleName() + message;
    }
}
