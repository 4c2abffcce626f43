package io.dailyetl.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM's {@link TestDatabase}: Flyway migrates as the owner role, the
 * application connects as the runtime role ({@link TestDatabase#login()}). The server outlives single test classes;
 * tests keep to their own sources, ids and date windows so they never depend on each other's rows.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestDatabase.shared().login().quarkusConfig();
    }

    @Override
    public void stop() {
        // the shared server stops with the JVM
    }
}
