package io.dailyetl.warehouseclient;

import io.dailyetl.common.PipelineConfig;
import io.dailyetl.common.PipelineConfigCheck;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Adds this service's warehouse token ({@code PIPELINE_WAREHOUSE_TOKEN}, else {@code PIPELINE_API_TOKEN}) to
 * every call of the warehouse clients, unless the call names its own (a forced resend carries the operator's).
 * Checked at start-up: in the {@code prod} profile a service that talks to the warehouse does not start without one
 * ({@link Check}, when the configuration is read).
 */
@Startup
@ApplicationScoped
public class WarehouseToken implements ClientHeadersFactory {

    private static final String AUTHORIZATION = "Authorization";

    private final String bearer;

    WarehouseToken(PipelineConfig config) {
        String token = token(config, LaunchMode.current() == LaunchMode.NORMAL);
        this.bearer = token == null ? null : "Bearer " + token.trim();
    }

    /** What a {@code prod} start of ingest or report without a warehouse token says (README, Troubleshooting). */
    static final String NO_TOKEN =
            "no token for the warehouse: set PIPELINE_WAREHOUSE_TOKEN (or PIPELINE_API_TOKEN in a single-token setup)";

    /**
     * The token to send ({@code PIPELINE_WAREHOUSE_TOKEN}, else {@code PIPELINE_API_TOKEN}), or null; without one and
     * {@code required} (the {@code prod} profile), a {@link ConfigurationException} saying which variable to set.
     */
    static String token(PipelineConfig config, boolean required) {
        String token = config.warehouseToken()
                .or(config::apiToken)
                .filter(t -> !t.isBlank())
                .orElse(null);
        if (token == null && required) {
            throw new ConfigurationException(NO_TOKEN);
        }
        return token;
    }

    /**
     * Refuses a {@code prod} start without a warehouse token while the configuration is read, before anything else
     * starts (registered in {@code META-INF/services/io.smallrye.config.SmallRyeConfigBuilderCustomizer}).
     */
    public static class Check extends PipelineConfigCheck {

        @Override
        protected void check(PipelineConfig config) {
            token(config, true);
        }
    }

    @Override
    public MultivaluedMap<String, String> update(
            MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        String own = outgoing.getFirst(AUTHORIZATION);
        if (own != null) {
            headers.putSingle(AUTHORIZATION, own);
        } else if (bearer != null) {
            headers.putSingle(AUTHORIZATION, bearer);
        }
        return headers;
    }
}
