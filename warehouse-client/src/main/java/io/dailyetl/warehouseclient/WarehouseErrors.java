package io.dailyetl.warehouseclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.contract.ProblemType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns warehouse error answers into exceptions that callers and {@link TransientWarehouseFailure} can tell apart:
 * 5xx is {@link WarehouseUnavailableException} (transient), 409 {@link WarehouseConflictException} (an answer:
 * another load is open, a window was sent), any other 4xx {@link WarehouseRejectedException} (never retried). Each
 * carries the warehouse's problem detail, a conflict also its problem type (which conflict it is).
 */
public class WarehouseErrors implements ResponseExceptionMapper<RuntimeException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        ObjectNode problem = problem(response);
        String detail = problem.path("detail").asText("");
        if (status >= 500) {
            return new WarehouseUnavailableException(
                    "the warehouse answered " + status + (detail.isEmpty() ? "" : ": " + detail),
                    problem.path("type").asText("about:blank"));
        }
        if (status == 409) {
            return new WarehouseConflictException(
                    detail.isEmpty() ? "the warehouse answered 409" : detail,
                    problem.path("type").asText("about:blank"));
        }
        String hint = status == 401 || status == 403
                ? " (is PIPELINE_WAREHOUSE_TOKEN one of the warehouse's tokens, of the role this call needs?)"
                : "";
        return new WarehouseRejectedException(
                status, "the warehouse answered " + status + (detail.isEmpty() ? "" : ": " + detail) + hint);
    }

    /** What {@code call} answers, or empty if the warehouse answered 404 (it knows no such thing). */
    static <T> Optional<T> unlessNotFound(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (WarehouseRejectedException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    /** The problem document of an error answer (a JSON body without a detail gets itself, abbreviated, as detail). */
    private static ObjectNode problem(Response response) {
        try {
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return JSON.createObjectNode();
            }
            JsonNode json = JSON.readTree(body);
            ObjectNode problem = json.isObject() ? (ObjectNode) json : JSON.createObjectNode();
            if (problem.path("detail").asText("").isEmpty()) {
                problem.put("detail", abbreviate(body));
            }
            return problem;
        } catch (RuntimeException | IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }

    /**
     * The warehouse failed or is overloaded (5xx); the call may be retried, unless {@link #type()} says the database
     * refused it ({@link ProblemType#DATABASE_REFUSED}: a full disk does not free itself while a call retries).
     */
    public static class WarehouseUnavailableException extends RuntimeException {
        private final String type;

        public WarehouseUnavailableException(String message) {
            this(message, "about:blank");
        }

        public WarehouseUnavailableException(String message, String type) {
            super(message);
            this.type = type;
        }

        /** The problem type of the warehouse's answer ({@code about:blank} if it named none). */
        public String type() {
            return type;
        }

        /** Whether the warehouse's database refused the call for want of a resource (disk full, out of memory). */
        public boolean databaseRefused() {
            return ProblemType.DATABASE_REFUSED.is(type);
        }
    }

    /**
     * 409: the warehouse's state says no (a load of the source is open, a load is not OPEN, a window was sent or is
     * being sent); {@link #type()} is the problem type saying which, e.g. {@code urn:daily-etl:already-sent}.
     */
    public static class WarehouseConflictException extends RuntimeException {
        private final String type;

        public WarehouseConflictException(String message) {
            this(message, "about:blank");
        }

        public WarehouseConflictException(String message, String type) {
            super(message);
            this.type = type;
        }

        /** The problem type of the warehouse's answer ({@code about:blank} if it named none). */
        public String type() {
            return type;
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
