package io.dailyetl.report.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dailyetl.contract.notifications.NotificationEvent;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.contract.runs.RunReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON a webhook receives: {@code text}, Slack-compatible (the mail's first lines, with Slack's {@code &}, {@code <}
 * and {@code >} escaped), so an incoming-webhook URL of Slack, Mattermost or Teams works as it is; then the
 * notification's {@code id} (also the {@code X-DailyEtl-Id} header), {@code event}, {@code subject},
 * {@code source}, {@code createdAt}, the mail's {@code title}, the content as the warehouse recorded it ({@code run}
 * with its counts, attempts, error and checks; {@code streak}, {@code missed}, {@code delivery}, {@code digest}) and
 * the {@code links}. Members that do not apply are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookBody(
        String text,
        UUID id,
        NotificationEvent event,
        String subject,
        String source,
        Instant createdAt,
        String title,
        RunReport run,
        NotificationView.Streak streak,
        NotificationView.Missed missed,
        NotificationView.Delivery delivery,
        List<NotificationView.DigestLine> digest,
        Map<String, String> links) {

    /** Instants as ISO-8601 text, members in their declared order: the same bytes for the same notification. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** The body of {@code n}, as {@code message} says it. */
    public static WebhookBody of(NotificationView n, NotificationMessage message) {
        return new WebhookBody(
                slack(String.join("\n", message.headline())),
                n.id(),
                n.event(),
                n.subject(),
                n.source(),
                n.createdAt(),
                message.title(),
                n.run(),
                n.streak(),
                n.missed(),
                n.delivery(),
                n.digest(),
                message.links().isEmpty() ? null : message.links());
    }

    /** The exact bytes POSTed (and signed): UTF-8 JSON. */
    public byte[] bytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook body could not be written as JSON", e);
        }
    }

    /** Text as Slack's message formatting needs it: {@code &}, {@code <} and {@code >} escaped, nothing else. */
    static String slack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
