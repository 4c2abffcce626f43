package io.dailyetl.report.notify;

import io.dailyetl.contract.notifications.NotificationResult.ChannelResult;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.report.config.NotifyConfig;
import io.dailyetl.warehouseclient.NotificationsClient;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends the warehouse's notifications (docs/notifications.md): every {@code report.notify.poll-every} it claims the
 * due ones under its own name (host name and a per-start id), sends each to every configured channel that has not
 * accepted it yet ({@code sentChannels}), and reports each channel's result to the warehouse, which decides about
 * retries, backoff and giving up. A channel that fails never keeps the others from sending. With no channel
 * configured it claims nothing (so nothing is marked sent that was not), and says so once at start-up. Nothing it
 * meets leaves the scheduler as an exception: a warehouse that cannot be reached is one WARN per outage, not one
 * per poll.
 */
@ApplicationScoped
public class NotificationSender {

    private final NotificationsClient warehouse;
    private final NotifyMetrics metrics;
    private final NotifyConfig config;
    private final NotificationMessages messages;
    private final EmailChannel email;
    private final WebhookChannel webhook;
    private final List<Channel> channels;
    private final String name;
    /** Why the warehouse could not be reached, while it cannot; null while it answers. */
    private volatile String outage;

    NotificationSender(
            NotificationsClient warehouse,
            NotifyMetrics metrics,
            NotifyConfig config,
            EmailChannel email,
            WebhookChannel webhook) {
        this.warehouse = warehouse;
        this.metrics = metrics;
        this.config = config;
        this.messages =
                new NotificationMessages(config.links().run(), config.links().rejects());
        this.email = email;
        this.webhook = webhook;
        this.channels =
                List.<Channel>of(email, webhook).stream().filter(Channel::on).toList();
        this.name = host() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** Refuses to start on a configuration error (naming its key); says which channels are on, or why none is. */
    void onStart(@Observes StartupEvent start) {
        List<String> wrong = NotifySettings.problems(config);
        if (!wrong.isEmpty()) {
            throw new ConfigurationException("invalid notification settings: " + String.join("; ", wrong));
        }
        Log.info(status());
    }

    /**
     * What the sender does, as it says at start-up: its channels (the number of recipients, the webhook's scheme and
     * host, never its path) and its name, or that notifications are off and why.
     */
    public String status() {
        if (channels.isEmpty()) {
            return "notifications are off: neither report.notify.email.to (REPORT_NOTIFY_EMAIL_TO) nor"
                    + " report.notify.webhook.url (REPORT_NOTIFY_WEBHOOK_URL) is set, so none is claimed from the"
                    + " warehouse";
        }
        List<String> on = new ArrayList<>();
        if (email.on()) {
            on.add("e-mail to " + email.recipients() + " recipient" + (email.recipients() == 1 ? "" : "s"));
        }
        if (webhook.on()) {
            on.add("webhook to " + webhook.origin());
        }
        return "notifications on: " + String.join(", ", on) + "; sender " + name + " claims every "
                + config.pollEvery();
    }

    @Scheduled(
            identity = "notifications",
            every = "${report.notify.poll-every:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollJob() {
        try {
            poll();
        } catch (RuntimeException e) {
            Log.errorf(e, "the notification sender failed unexpectedly; it polls again in %s", config.pollEvery());
        }
    }

    /** This sender's name at the warehouse: its host name and an id of this start. */
    public String name() {
        return name;
    }

    /** The names of the configured channels. */
    public List<String> channels() {
        return channels.stream().map(Channel::name).toList();
    }

    /**
     * One poll: claims the due notifications and sends each; how many were claimed (0 with no channel, or when the
     * warehouse could not be reached).
     */
    public int poll() {
        if (channels.isEmpty()) {
            return 0;
        }
        List<NotificationView> claimed;
        try {
            claimed = warehouse.claim(name, config.claimLimit());
        } catch (RuntimeException e) {
            away("claim notifications", e);
            return 0;
        }
        back();
        for (NotificationView n : claimed) {
            deliver(n);
        }
        return claimed.size();
    }

    /** Sends {@code n} to its channels and reports the results to the warehouse (a failure to report is logged). */
    public void deliver(NotificationView n) {
        List<ChannelResult> results = send(n);
        if (results.isEmpty()) {
            // every channel of this sender had it before (a channel since removed kept it from SENT): say so, or
            // the warehouse would read an empty answer as "no channel" and retry it until it gives up
            results = channels.stream()
                    .map(c -> new ChannelResult(c.name(), true, null))
                    .toList();
        }
        try {
            warehouse.result(n.id(), name, results);
        } catch (RuntimeException e) {
            Log.warnf(
                    "notification %s: %s, but the warehouse could not be told (%s); it is sent again, with the same"
                            + " Message-ID and X-DailyEtl-Id, once its claim lapses",
                    n.id(), describe(results), e.getMessage());
        }
    }

    /**
     * Sends {@code n} to each configured channel not in its {@code sentChannels}, each on its own (one failing does
     * not keep another from sending), and answers what each did. Sends nothing and answers nothing when every
     * channel accepted it before.
     */
    public List<ChannelResult> send(NotificationView n) {
        List<String> done = n.sentChannels() == null ? List.of() : n.sentChannels();
        List<Channel> due =
                channels.stream().filter(c -> !done.contains(c.name())).toList();
        if (due.isEmpty()) {
            return List.of();
        }
        NotificationMessage message;
        try {
            message = messages.of(n);
        } catch (RuntimeException e) {
            String error = "the notification could not be written: " + EmailChannel.cause(e);
            Log.errorf(e, "notification %s (%s): %s", n.id(), n.event(), error);
            return due.stream().map(c -> failed(c, error)).toList();
        }
        List<ChannelResult> results = new ArrayList<>();
        for (Channel channel : due) {
            try {
                channel.send(n, message);
                metrics.count(channel.name(), NotifyMetrics.SENT);
                results.add(new ChannelResult(channel.name(), true, null));
            } catch (RuntimeException e) {
                String error = e instanceof ChannelFailure ? e.getMessage() : EmailChannel.cause(e);
                Log.warnf(
                        "notification %s (%s, %s, attempt %d): %s",
                        n.id(), n.event(), n.subject(), n.attempts(), error);
                results.add(failed(channel, error));
            }
        }
        Log.infof("notification %s (%s, %s): %s", n.id(), n.event(), Text.oneLine(n.subject()), describe(results));
        return results;
    }

    private ChannelResult failed(Channel channel, String error) {
        metrics.count(channel.name(), NotifyMetrics.FAILED);
        return new ChannelResult(channel.name(), false, error);
    }

    private static String describe(List<ChannelResult> results) {
        if (results.isEmpty()) {
            return "every channel had it already";
        }
        return String.join(
                ", ",
                results.stream()
                        .map(r -> r.channel() + (r.sent() ? " sent" : " failed"))
                        .toList());
    }

    private void away(String what, RuntimeException e) {
        String why = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
        if (outage == null) {
            Log.warnf(
                    "notifications: could not %s at the warehouse (%s); trying every %s, and saying so again only"
                            + " once it answers",
                    what, why, config.pollEvery());
        } else {
            Log.debugf("notifications: the warehouse still cannot be reached (%s)", why);
        }
        outage = why;
    }

    private void back() {
        if (outage != null) {
            Log.infof("notifications: the warehouse answers again (it did not: %s)", outage);
            outage = null;
        }
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "report-service";
        }
    }
}
