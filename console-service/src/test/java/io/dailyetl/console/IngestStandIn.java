package io.dailyetl.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for ingest's {@code GET /api/sources} and {@code GET /api/schedule?source=} with two sources (ingest's
 * own tests hold the real endpoints to their answers: {@code SourcesTest}, {@code ScheduleTest}). It answers the
 * console's reader token only, as ingest does: 403 to any other; {@code /api/schedule} without a source, or with one it
 * does not have, 400 as problem+json naming {@code source}, as ingest's {@code SourceParam} does. It keeps the last
 * Authorization header and every request's path and query.
 */
public class IngestStandIn implements QuarkusTestResourceLifecycleManager {

    /** The source ingest runs daily (next on 2099-01-02 at 03:30 UTC), not incremental: no backfill. */
    static final String SCHEDULED = "console-scheduled";

    /** The source with no daily run and no run yet, incremental with a lower bound only: a backfill from a day. */
    static final String REFUNDS = "console-refunds";

    /** The last run of {@link #SCHEDULED} as ingest tells it. */
    static final String SCHEDULED_LAST_RUN = "6f1c1a52-5d0e-4d52-9a42-0c9d1f6a2b11";

    static final String SCHEDULED_SCHEDULE = "{\"source\":\"" + SCHEDULED + "\",\"cron\":\"0 30 3 * * ?\","
            + "\"zone\":\"UTC\",\"nextRunAt\":\"2099-01-02T03:30:00Z\",\"backfill\":\"off\"}";

    static final String REFUNDS_SCHEDULE = "{\"source\":\"" + REFUNDS + "\",\"cron\":\"off\",\"zone\":\"UTC\","
            + "\"nextRunAt\":null,\"backfill\":\"from\"}";

    /**
     * What {@code GET /api/sources} answers: {@link #SCHEDULED} with its last run (SUCCEEDED), a watermark and its lag
     * (5 h 7 min), and {@link #REFUNDS} without a run or a watermark yet. In the order of their names, as ingest lists
     * them.
     */
    static final String SOURCES = "[{\"name\":\"" + REFUNDS + "\",\"url\":\"https://refunds.example.com/v2/items\","
            + "\"schedule\":" + REFUNDS_SCHEDULE + ",\"lastRun\":null,\"watermark\":null,\"lagSeconds\":null},"
            + "{\"name\":\"" + SCHEDULED + "\",\"url\":\"https://pay.example.com/api/payments\","
            + "\"schedule\":" + SCHEDULED_SCHEDULE + ",\"lastRun\":{\"runId\":\"" + SCHEDULED_LAST_RUN + "\","
            + "\"status\":\"SUCCEEDED\",\"logicalDate\":\"2026-11-19\",\"trigger\":\"SCHEDULE\","
            + "\"startedAt\":\"2026-11-20T01:00:00Z\",\"finishedAt\":\"2026-11-20T01:01:00Z\",\"pages\":1,"
            + "\"fetched\":3,\"loaded\":3,\"rejected\":0,\"duplicates\":0,\"retries\":0,\"attempts\":[]},"
            + "\"watermark\":\"2026-11-19T10:00:00Z\",\"lagSeconds\":18420}]";

    /** The Authorization header of the last request. */
    static final AtomicReference<String> AUTHORIZATION = new AtomicReference<>();

    /** Every request's path and query ({@code /api/schedule?source=console-refunds}), oldest first. */
    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/sources", exchange -> {
            if (reader(exchange)) {
                answer(exchange, 200, "application/json", SOURCES);
            }
        });
        server.createContext("/api/schedule", exchange -> {
            if (!reader(exchange)) {
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            String source = query == null || !query.startsWith("source=")
                    ? ""
                    : URLDecoder.decode(query.substring("source=".length()), StandardCharsets.UTF_8);
            if (source.equals(SCHEDULED)) {
                answer(exchange, 200, "application/json", SCHEDULED_SCHEDULE);
            } else if (source.equals(REFUNDS)) {
                answer(exchange, 200, "application/json", REFUNDS_SCHEDULE);
            } else {
                String message = source.isEmpty()
                        ? "required: this ingest pulls several sources (" + REFUNDS + ", " + SCHEDULED + ")"
                        : "not a source of this ingest: \\\"" + source + "\\\" (its sources: " + REFUNDS + ", "
                                + SCHEDULED + ")";
                answer(
                        exchange,
                        400,
                        "application/problem+json",
                        "{\"type\":\"urn:daily-etl:invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                                + "\"detail\":\"source: " + message + "\",\"errors\":[{\"field\":\"source\","
                                + "\"message\":\"" + message + "\"}]}");
            }
        });
        server.start();
        return Map.of(
                "quarkus.rest-client.ingest.url",
                "http://localhost:" + server.getAddress().getPort());
    }

    /** Whether the request carries the console's reader token; else it is answered 403 here. */
    private static boolean reader(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        AUTHORIZATION.set(auth);
        String query = exchange.getRequestURI().getRawQuery();
        REQUESTS.add(exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query));
        if ("Bearer test-reader-token".equals(auth)) {
            return true;
        }
        answer(exchange, 403, "application/problem+json", "{\"status\":403,\"title\":\"Forbidden\"}");
        return false;
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
