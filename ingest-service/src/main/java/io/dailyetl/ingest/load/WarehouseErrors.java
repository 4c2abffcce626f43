package io.dailyetl.ingest.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.common.PipelineConfig;
import io.quarkus.arc.Arc;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns warehouse error answers into exceptions the fault-tolerance rules can tell apart: 5xx is
 * {@link WarehouseUnavailableException} (retried), 409 is {@link WarehouseConflictException}, any other 4xx
 * {@link WarehouseRejectedException} (not retried). Also supplies the bearer token header.
 */
public class WarehouseErrors implements ResponseExceptionMapper<RuntimeException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        String detail = detail(response);
        if (status >= 500) {
            return new WarehouseUnavailableException("the warehouse answered " + status + detail);
        }
        if (status == 409) {
            return new WarehouseConflictException("the warehouse answered 409" + detail);
        }
        return new WarehouseRejectedException(status, "the warehouse answered " + status + detail);
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    /** The Authorization header value for every warehouse call. */
    public static String bearer() {
        return "Bearer " + Arc.container().instance(PipelineConfig.class).get().apiToken();
    }

    private static String detail(Response response) {
        try {
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return "";
            }
            JsonNode problem = JSON.readTree(body);
            String detail = problem.path("detail").asText("");
            return detail.isEmpty() ? ": " + abbreviate(body) : ": " + detail;
        } catch (RuntimeException | java.io.IOException e) {
            return "";
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }

    /** The warehouse failed or is overloaded (5xx); the call may be retried. */
    public static class WarehouseUnavailableException extends RuntimeException {
        public WarehouseUnavailableException(String message) {
            super(message);
        }
    }

    /** 409: another load of the source is open, or the load is no longer OPEN, or counts differ. */
    public static class WarehouseConflictException extends RuntimeException {
        public WarehouseConflictException(String message) {
            super(message);
        }
    }

    /** Any other 4xx: the request itself is wrong; retrying will not help. */
    public static class WarehouseRejectedException extends RuntimeException {
        private final int status;

        public WarehouseRejectedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
