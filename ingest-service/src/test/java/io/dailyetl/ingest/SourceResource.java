package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real HTTP server (WireMock, on a free port) standing in for the source API; tests stub its pages. */
public class SourceResource implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    /** The running server, started on first use and stopped with the JVM. */
    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort().containerThreads(20));
            server.start();
            WireMockServer s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "source-stop"));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("ingest.source.url", server().baseUrl() + "/transactions");
    }

    @Override
    public void stop() {
        // shared across test classes; stops with the JVM
    }
}
