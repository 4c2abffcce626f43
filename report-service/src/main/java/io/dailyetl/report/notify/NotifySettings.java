package io.dailyetl.report.notify;

import io.dailyetl.report.config.NotifyConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What is wrong with the sender's configuration, each problem naming its key and variable, never a value that may be
 * secret (the webhook's URL may carry a token in its path, and its secret is one): a webhook URL that is not an
 * absolute http or https URL with a host, a URL without a secret, a secret shorter than 16 characters, a timeout or
 * claim limit below 1, a recipient that is no address, a link template that is not http or https.
 */
public final class NotifySettings {

    /** The shortest shared secret accepted: 16 characters. */
    public static final int MIN_SECRET = 16;

    private NotifySettings() {}

    /** Each problem, one line each; empty when the sender may start. */
    public static List<String> problems(NotifyConfig config) {
        List<String> wrong = new ArrayList<>();
        NotifyConfig.Webhook webhook = config.webhook();
        Optional<String> url = webhook.url().map(String::strip).filter(s -> !s.isEmpty());
        if (url.isPresent()) {
            if (!httpUrl(url.get())) {
                wrong.add("report.notify.webhook.url (REPORT_NOTIFY_WEBHOOK_URL) is not an absolute http or https URL"
                        + " with a host");
            }
            Optional<String> secret = webhook.secret().filter(s -> !s.isBlank());
            if (secret.isEmpty()) {
                wrong.add("report.notify.webhook.secret (REPORT_NOTIFY_WEBHOOK_SECRET) is required when"
                        + " report.notify.webhook.url is set: receivers verify the signature with it");
            } else if (secret.get().length() < MIN_SECRET) {
                wrong.add("report.notify.webhook.secret (REPORT_NOTIFY_WEBHOOK_SECRET) is shorter than " + MIN_SECRET
                        + " characters");
            }
            if (webhook.timeout().isNegative() || webhook.timeout().isZero()) {
                wrong.add("report.notify.webhook.timeout (REPORT_NOTIFY_WEBHOOK_TIMEOUT) must be positive, is "
                        + webhook.timeout());
            }
        }
        for (String to : config.email().to().orElse(List.of())) {
            String address = to.strip();
            if (!address.isEmpty() && !address.matches("[^@\\s<>,;\"]+@[^@\\s<>,;\"]+")) {
                wrong.add("report.notify.email.to (REPORT_NOTIFY_EMAIL_TO) has \"" + Text.oneLine(address)
                        + "\", which is not an e-mail address");
            }
        }
        if (config.claimLimit() < 1) {
            wrong.add("report.notify.claim-limit (REPORT_NOTIFY_CLAIM_LIMIT) must be at least 1, is "
                    + config.claimLimit());
        }
        link(
                wrong,
                "report.notify.links.run (REPORT_NOTIFY_LINKS_RUN)",
                config.links().run());
        link(
                wrong,
                "report.notify.links.rejects (REPORT_NOTIFY_LINKS_REJECTS)",
                config.links().rejects());
        return wrong;
    }

    private static void link(List<String> wrong, String key, String template) {
        String sample =
                template.replace("{runId}", "r").replace("{loadId}", "l").replace("{source}", "s");
        if (!httpUrl(sample)) {
            wrong.add(key + " is not an http or https URL once its {runId}, {loadId} and {source} are replaced: "
                    + Text.oneLine(template) + " (report.notify.base-url: the warehouse's URL unless set)");
        }
    }

    private static boolean httpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute()
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null
                    && !uri.getHost().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
