package io.dailyetl.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest}'s warehouse REST client at the real, separately running warehouse-service. */
public class WarehouseResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.rest-client.warehouse.url",
                WarehouseProcess.shared().url().toString(),
                "pipeline.api-token",
                WarehouseProcess.TOKEN);
    }

    @Override
    public void stop() {
        // the shared process stops with the JVM
    }
}
