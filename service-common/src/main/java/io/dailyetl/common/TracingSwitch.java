package io.dailyetl.common;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns tracing on when an OTLP endpoint is configured, so that the endpoint alone is the switch: without one,
 * Quarkus would export to localhost:4317, which is why {@code application.properties} keeps the SDK off. Ranks
 * above {@code application.properties} and below the environment, so {@code QUARKUS_OTEL_SDK_DISABLED} still wins.
 */
public class TracingSwitch implements ConfigSource {

    static final String DISABLED = "quarkus.otel.sdk.disabled";
    private static final String ENDPOINT = "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT";
    private static final String ENDPOINT_PROPERTY = "quarkus.otel.exporter.otlp.endpoint";

    private final Map<String, String> values;

    public TracingSwitch() {
        this(System.getenv(ENDPOINT) != null ? System.getenv(ENDPOINT) : System.getProperty(ENDPOINT_PROPERTY));
    }

    TracingSwitch(String endpoint) {
        this.values = endpoint == null || endpoint.isBlank() ? Map.of() : Map.of(DISABLED, "false");
    }

    @Override
    public Map<String, String> getProperties() {
        return values;
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "daily-etl tracing switch (on with an OTLP endpoint)";
    }

    @Override
    public int getOrdinal() {
        // application.properties is 250, environment variables 300
        return 275;
    }
}
