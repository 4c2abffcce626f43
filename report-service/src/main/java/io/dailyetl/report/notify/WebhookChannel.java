package io.dailyetl.report.notify;

import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.report.config.NotifyConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The webhook channel: POSTs {@link WebhookBody} as JSON to {@code report.notify.webhook.url} through the Vert.x HTTP
 * client of the service, with {@code X-DailyEtl-Id} (the notification's id: the receiver's idempotency key, the same
 * on every sending), {@code X-DailyEtl-Event}, {@code X-DailyEtl-Timestamp} (unix seconds) and
 * {@code X-DailyEtl-Signature} ({@link WebhookSignature} over the timestamp and the exact bytes sent). A 2xx answer
 * is sent; any other answer (redirects are not followed), a broken connection or no answer within
 * {@code report.notify.webhook.timeout} is a failure naming the URL's scheme and host, never its path or query (a
 * Slack URL's path is its secret) nor the shared secret.
 */
@ApplicationScoped
class WebhookChannel implements Channel {

    static final String NAME = "webhook";

    static final String ID = "X-DailyEtl-Id";
    static final String EVENT = "X-DailyEtl-Event";
    static final String TIMESTAMP = "X-DailyEtl-Timestamp";
    static final String SIGNATURE = "X-DailyEtl-Signature";

    private final String url;
    private final String secret;
    private final Duration timeout;
    private final Clock clock;
    private final Vertx vertx;
    private final AtomicReference<HttpClient> client = new AtomicReference<>();

    WebhookChannel(NotifyConfig config, Vertx vertx, Clock clock) {
        this.url = config.webhook()
                .url()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .orElse(null);
        this.secret = config.webhook().secret().orElse(null);
        this.timeout = config.webhook().timeout();
        this.vertx = vertx;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean on() {
        return url != null;
    }

    /** What may be said of the URL: {@code https://hooks.slack.com} (scheme, host and port only). */
    String origin() {
        return origin(url);
    }

    /** The scheme, host and port of {@code url}, nothing of its path, query or user info. */
    static String origin(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (RuntimeException e) {
            return "(an invalid URL)";
        }
    }

    @Override
    public void send(NotificationView n, NotificationMessage message) {
        byte[] body = WebhookBody.of(n, message).bytes();
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setFollowRedirects(false)
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json; charset=UTF-8")
                .putHeader("User-Agent", "daily-etl-report-service")
                .putHeader(ID, n.id().toString())
                .putHeader(EVENT, n.event().name())
                .putHeader(TIMESTAMP, timestamp)
                .putHeader(SIGNATURE, WebhookSignature.sign(secret, timestamp, body));
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        Future<Integer> answer = client().request(request).compose(req -> {
            sent.set(req);
            return req.send(Buffer.buffer(body))
                    .compose(response -> response.body().map(ignored -> response.statusCode()));
        });
        CompletableFuture<Integer> status = answer.toCompletionStage().toCompletableFuture();
        int code;
        try {
            code = status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            HttpClientRequest req = sent.get();
            if (req != null) {
                req.reset();
            }
            throw new ChannelFailure("webhook " + origin() + " did not answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelFailure("webhook " + origin() + ": interrupted while waiting for its answer");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                // the client's own idle timeout (the same length) can fire before ours: the same cause
                throw new ChannelFailure("webhook " + origin() + " did not answer within " + timeout);
            }
            throw new ChannelFailure("webhook " + origin() + " could not be reached: " + scrub(EmailChannel.cause(e)));
        }
        if (code < 200 || code > 299) {
            throw new ChannelFailure("webhook " + origin() + " answered " + code);
        }
    }

    /** {@code text} without the URL's path or query, should a client library's message quote them. */
    private String scrub(String text) {
        URI uri = URI.create(url);
        String out = text;
        if (uri.getRawUserInfo() != null && !uri.getRawUserInfo().isEmpty()) {
            out = out.replace(uri.getRawUserInfo(), "\u2026");
        }
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            out = out.replace(uri.getRawQuery(), "\u2026");
        }
        if (uri.getRawPath() != null && uri.getRawPath().length() > 1) {
            out = out.replace(uri.getRawPath(), "/\u2026");
        }
        return out;
    }

    private HttpClient client() {
        HttpClient c = client.get();
        if (c == null) {
            c = vertx.createHttpClient(
                    new HttpClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            if (!client.compareAndSet(null, c)) {
                c.close();
                c = client.get();
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        HttpClient c = client.getAndSet(null);
        if (c != null) {
            c.close();
        }
    }
}
