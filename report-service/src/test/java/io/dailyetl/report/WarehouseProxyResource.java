package io.dailyetl.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dailyetl.testing.WarehouseProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The real warehouse behind a proxy (WireMock, on a free port) that passes every call through, unless a test stubs
 * a path to fail: the warehouse out of reach for one kind of call, as a network partition would leave it.
 */
public class WarehouseProxyResource implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    /** The running proxy, started on first use and stopped with the JVM. */
    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
            String warehouse = WarehouseProcess.shared().url().toString().replaceAll("/+$", "");
            server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(warehouse)));
            WireMockServer s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "warehouse-proxy-stop"));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.rest-client.warehouse.url", server().baseUrl(), "pipeline.api-token", WarehouseProcess.TOKEN);
    }

    @Override
    public void stop() {
        // shared; stops with the JVM
    }
}
