package io.dailyetl.console;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for ingest's {@code GET /api/schedule} (ingest's own tests hold the real endpoint to its answers): it
 * answers {@link #ANSWER} to the console's reader token only, and keeps the last Authorization header it was sent.
 */
public class IngestStandIn implements QuarkusTestResourceLifecycleManager {

    /**
     * What the stand-in answers: the next run of {@code console-scheduled} on 2099-01-02 at 03:30 UTC, and no backfill
     * (an ingest whose incremental mode is off).
     */
    static final String ANSWER = "{\"source\":\"console-scheduled\",\"cron\":\"0 30 3 * * ?\",\"zone\":\"UTC\","
            + "\"nextRunAt\":\"2099-01-02T03:30:00Z\",\"backfill\":\"off\"}";

    /** The Authorization header of the last request. */
    static final AtomicReference<String> AUTHORIZATION = new AtomicReference<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/schedule", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            AUTHORIZATION.set(auth);
            boolean reader = "Bearer test-reader-token".equals(auth);
            byte[] body = (reader ? ANSWER : "{\"status\":403}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reader ? 200 : 403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of(
                "quarkus.rest-client.ingest.url",
                "http://localhost:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
