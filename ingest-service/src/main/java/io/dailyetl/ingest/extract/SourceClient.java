package io.dailyetl.ingest.extract;

import io.dailyetl.ingest.config.IngestConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GETs source pages over one reused HTTP client (keep-alive), with connect and read timeouts. 429, 5xx, timeouts
 * and broken connections are retried with exponential backoff and jitter, honouring {@code Retry-After}
 * (seconds or an HTTP date; never less than the initial backoff, so {@code 0} is no reason to hammer), within
 * a bound per page and per run. Any other status fails at once, naming the URL and status: an error is never
 * taken for the end of the data. Requests carry the current trace context ({@code traceparent}); the status and
 * the retries go on the current span. Requests carry the source's credentials ({@link SourceCredentials}); an OAuth2
 * source's 401 renews its token once. Every URL and message it says is without the source's secrets.
 */
public class SourceClient {

    private final HttpClient http;
    private final IngestConfig.Source config;
    private final AtomicInteger retriesLeft;
    private final Runnable onRetry;
    private final TextMapPropagator propagator;
    private final String keys;
    private final SourceCredentials credentials;

    /**
     * A client for one run of the source whose settings are {@code config}, found under the keys {@code keys}
     * ({@code ingest.source} or {@code ingest.sources.<name>}, which its errors name); {@code onRetry} is told of
     * every retry (for the run's counters and metrics); {@code propagator} writes the trace context into each request;
     * {@code credentials} authenticate each request (and say what must not be shown).
     */
    public SourceClient(
            HttpClient http,
            IngestConfig.Source config,
            String keys,
            SourceCredentials credentials,
            TextMapPropagator propagator,
            Runnable onRetry) {
        this.http = http;
        this.credentials = credentials;
        this.config = config;
        this.keys = keys;
        this.propagator = propagator;
        this.retriesLeft = new AtomicInteger(config.retry().maxPerRun());
        this.onRetry = onRetry;
    }

    /** Where the source's settings are: {@code ingest.source} or {@code ingest.sources.<name>}. */
    public String keys() {
        return keys;
    }

    /** A shared HTTP client with the configured connect timeout; redirects are not followed (they could leave the source). */
    public static HttpClient httpClient(IngestConfig.Source config) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code uri} as it may be logged, traced or shown: without the source's secrets. */
    public String said(URI uri) {
        return credentials.said(uri);
    }

    /** {@code text} without the source's secrets. */
    public String scrub(String text) {
        return credentials.scrub(text);
    }

    /**
     * A successful response to GET {@code uri}: status 2xx, body and headers. The request carries the source's
     * credentials; an OAuth2 source answering 401 gets a renewed access token once and the same page asked once more
     * (a second 401 fails the run: the source refuses the token).
     */
    public HttpResponse<byte[]> get(URI uri) {
        Sent sent = attempts(uri);
        if (sent.response().statusCode() == 401) {
            Log.infof(
                    "GET %s answered 401: renewing the OAuth2 access token of %s and asking once more",
                    said(uri), keys);
            credentials.renew(sent.token());
            sent = attempts(uri);
            if (sent.response().statusCode() == 401) {
                throw new SourceException(scrub("GET " + uri + " answered 401 again after the OAuth2 access token was"
                        + " renewed: the source refuses the token of " + keys + " (check " + keys
                        + ".auth.client-id, scope and audience)"
                        + snippet(sent.response().body())));
            }
        }
        return sent.response();
    }

    /** A response and the OAuth2 access token its request carried (null: none). */
    private record Sent(HttpResponse<byte[]> response, String token) {}

    /** GET {@code uri} with retries: a 2xx response, or a 401 when the credentials may be renewed. */
    private Sent attempts(URI uri) {
        Span span = Span.current();
        int maxAttempts = Math.max(1, config.retry().maxAttempts());
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(credentials.onto(uri))
                    .GET()
                    .timeout(config.readTimeout())
                    .header("Accept", "application/json");
            String token = credentials.sign(request);
            propagator.inject(Context.current(), request, HttpRequest.Builder::header);
            HttpRequest built = request.build();
            String failure;
            Duration wait = backoff(attempt);
            try {
                HttpResponse<byte[]> response = fetch(built);
                int status = response.statusCode();
                span.setAttribute("http.response.status_code", status);
                if (status >= 200 && status < 300) {
                    span.setAttribute("ingest.source.attempts", attempt);
                    return new Sent(response, token);
                }
                if (status == 401 && credentials.renewable()) {
                    return new Sent(response, token);
                }
                if (status != 429 && status < 500) {
                    throw new SourceException(scrub("GET " + uri + " answered " + status + snippet(response.body())));
                }
                failure = "answered " + status;
                Duration asked =
                        retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                if (asked != null) {
                    wait = clamp(asked);
                }
            } catch (HttpTimeoutException e) {
                failure = "timed out after " + config.readTimeout().toMillis() + " ms";
            } catch (PageDeadlineException e) {
                failure = "did not arrive whole within " + config.pageDeadline().toMillis() + " ms (" + keys
                        + ".page-deadline)";
            } catch (IOException e) {
                failure = "failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(scrub("GET " + uri + " was interrupted"), e);
            }
            if (attempt >= maxAttempts) {
                throw new SourceException(
                        SourceException.Why.KEPT_FAILING,
                        scrub("GET " + uri + " " + failure + "; gave up after " + attempt + " attempts"));
            }
            if (retriesLeft.decrementAndGet() < 0) {
                throw new SourceException(
                        SourceException.Why.KEPT_FAILING,
                        scrub("GET " + uri + " " + failure + "; the run's retry budget (" + keys + ".retry.max-per-run="
                                + config.retry().maxPerRun() + ") is used up"));
            }
            onRetry.run();
            Log.infof(
                    "GET %s %s; retry %d of %d in %d ms",
                    said(uri), scrub(failure), attempt, maxAttempts - 1, wait.toMillis());
            sleep(wait, said(uri));
        }
    }

    /**
     * One GET, its body read whole but never beyond {@code ingest.source.max-page-bytes} (a larger page fails at
     * once, by its Content-Length when it declares one), and the whole exchange bounded by
     * {@code ingest.source.page-deadline}: a server that sends headers and then stalls mid-body is cut off.
     */
    private HttpResponse<byte[]> fetch(HttpRequest request) throws IOException, InterruptedException {
        long max = config.maxPageBytes().asLongValue();
        var future = http.sendAsync(
                request,
                info -> new BoundedBody(
                        max, info.headers().firstValueAsLong("Content-Length").orElse(-1), keys));
        try {
            return future.get(config.pageDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PageDeadlineException();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BoundedBody.PageTooLargeException tooLarge) {
                throw new SourceException(
                        SourceException.Why.OVER_LIMIT, scrub("GET " + request.uri() + " " + tooLarge.getMessage()));
            }
            if (cause instanceof IOException io) {
                // keep HttpTimeoutException and friends recognisable
                if (io.getCause() instanceof BoundedBody.PageTooLargeException tooLarge) {
                    throw new SourceException(
                            SourceException.Why.OVER_LIMIT,
                            scrub("GET " + request.uri() + " " + tooLarge.getMessage()));
                }
                throw io;
            }
            if (cause instanceof RuntimeException rt) {
                throw rt;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    /** The page did not arrive whole within the per-page deadline. */
    private static final class PageDeadlineException extends IOException {}

    /** Exponential backoff with jitter: a random wait between half and all of initial * 2^(attempt-1), capped. */
    Duration backoff(int attempt) {
        long initial = config.retry().initialBackoff().toMillis();
        long max = config.retry().maxBackoff().toMillis();
        long ceiling = Math.min(max, initial << Math.min(attempt - 1, 20));
        long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return Duration.ofMillis(Math.max(initial, wait));
    }

    private Duration clamp(Duration asked) {
        Duration least = config.retry().initialBackoff();
        Duration most = config.retry().maxBackoff();
        return asked.compareTo(least) < 0 ? least : asked.compareTo(most) > 0 ? most : asked;
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static void sleep(Duration wait, String uri) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("GET " + uri + " was interrupted while waiting to retry", e);
        }
    }

    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ")
                .trim();
        return text.isEmpty() ? "" : ": " + text;
    }
}
