package io.dailyetl.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in OpenTelemetry collector: an HTTP server on a free port that takes OTLP/HTTP exports
 * ({@code POST /v1/traces}, protobuf) and keeps their bodies, so a test can tell whether a packaged service, traced
 * through the documented settings, exported a span of a given trace. Started once per JVM, stopped with it.
 */
public final class OtlpSink {

    private static OtlpSink shared;

    private final HttpServer server;
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();

    private OtlpSink() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                body.transferTo(bytes);
                exports.add(bytes.toByteArray());
            }
            // an empty ExportTraceServiceResponse: everything accepted
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The running sink, started on first use. */
    public static synchronized OtlpSink shared() {
        if (shared == null) {
            shared = new OtlpSink();
            OtlpSink s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> s.server.stop(0), "otlp-sink-stop"));
        }
        return shared;
    }

    /** The OTLP endpoint to give an exporter ({@code http/protobuf}). */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    /** Whether any export so far held a span of the trace {@code traceIdHex} (32 hex digits). */
    public boolean received(String traceIdHex) {
        byte[] id = HexFormat.of().parseHex(traceIdHex);
        return exports.stream().anyMatch(body -> contains(body, id));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
