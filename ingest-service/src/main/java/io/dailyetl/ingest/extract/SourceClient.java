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
 * the retries go on the current span.
 */
public class SourceClient {

    private final HttpClient http;
    private final IngestConfig.Source config;
    private final AtomicInteger retriesLeft;
    private final Runnable onRetry;
    private final TextMapPropagator propagator;
    private final String keys;

    /**
     * A client for one run of the source whose settings are {@code config}, found under the keys {@code keys}
     * ({@code ingest.source} or {@code ingest.sources.<name>}, which its errors name); {@code onRetry} is told of
     * every retry (for the run's counters and metrics); {@code propagator} writes the trace context into each request.
     */
    public SourceClient(
            HttpClient http, IngestConfig.Source config, String keys, TextMapPropagator propagator, Runnable onRetry) {
        this.http = http;
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

    /** A successful response to GET {@code uri}: status 2xx, body and headers. */
    public HttpResponse<byte[]> get(URI uri) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).GET().timeout(config.readTimeout()).header("Accept", "application/json");
        config.authToken().filter(t -> !t.isBlank()).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        propagator.inject(Context.current(), request, HttpRequest.Builder::header);
        HttpRequest built = request.build();
        Span span = Span.current();
        int maxAttempts = Math.max(1, config.retry().maxAttempts());
        for (int attempt = 1; ; attempt++) {
            String failure;
            Duration wait = backoff(attempt);
            try {
                HttpResponse<byte[]> response = fetch(built);
                int status = response.statusCode();
                span.setAttribute("http.response.status_code", status);
                if (status >= 200 && status < 300) {
                    span.setAttribute("ingest.source.attempts", attempt);
                    return response;
                }
                if (status != 429 && status < 500) {
                    throw new SourceException("GET " + uri + " answered " + status + snippet(response.body()));
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
                throw new SourceException("GET " + uri + " was interrupted", e);
            }
            if (attempt >= maxAttempts) {
                throw new SourceException(
                        SourceException.Why.KEPT_FAILING,
                        "GET " + uri + " " + failure + "; gave up after " + attempt + " attempts");
            }
            if (retriesLeft.decrementAndGet() < 0) {
                throw new SourceException(
                        SourceException.Why.KEPT_FAILING,
                        "GET " + uri + " " + failure + "; the run's retry budget (" + keys + ".retry.max-per-run="
                                + config.retry().maxPerRun() + ") is used up");
            }
            onRetry.run();
            Log.infof("GET %s %s; retry %d of %d in %d ms", uri, failure, attempt, maxAttempts - 1, wait.toMillis());
            sleep(wait, uri);
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
                        SourceException.Why.OVER_LIMIT, "GET " + request.uri() + " " + tooLarge.getMessage());
            }
            if (cause instanceof IOException io) {
                // keep HttpTimeoutException and friends recognisable
                if (io.getCause() instanceof BoundedBody.PageTooLargeException tooLarge) {
                    throw new SourceException(
                            SourceException.Why.OVER_LIMIT, "GET " + request.uri() + " " + tooLarge.getMessage());
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

    private static void sleep(Duration wait, URI uri) {
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
