package io.dailyetl.testing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a warehouse reaches its database: the JDBC URL, the owner role Flyway migrates as and the runtime role the
 * application connects as. With one role for both ({@link #single}) the warehouse is given no Flyway credentials,
 * as in a single-role installation.
 */
public record DatabaseLogin(
        String jdbcUrl, String ownerUser, String ownerPassword, String appUser, String appPassword) {

    /** One role that owns the schema and runs the application. */
    public static DatabaseLogin single(String jdbcUrl, String user, String password) {
        return new DatabaseLogin(jdbcUrl, user, password, user, password);
    }

    /** Whether the owner and the runtime role are different roles. */
    public boolean twoRoles() {
        return !ownerUser.equals(appUser);
    }

    /** The warehouse's configuration as Quarkus keys, for a {@code @QuarkusTest}. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.username", appUser);
        config.put("quarkus.datasource.password", appPassword);
        if (twoRoles()) {
            config.put("quarkus.flyway.username", ownerUser);
            config.put("quarkus.flyway.password", ownerPassword);
        }
        return config;
    }

    /** The warehouse's configuration as environment variables, for a packaged warehouse process. */
    public Map<String, String> warehouseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        quarkusConfig()
                .forEach((key, value) ->
                        env.put(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), value));
        return env;
    }

    @Override
    public String toString() {
        // the passwords stay out of logs and assertion messages
        return "DatabaseLogin[" + jdbcUrl + ", owner " + ownerUser + ", app " + appUser + "]";
    }
}
