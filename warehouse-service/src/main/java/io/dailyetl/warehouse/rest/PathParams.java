package io.dailyetl.warehouse.rest;

import io.dailyetl.common.Problem;
import io.dailyetl.common.ProblemException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Converts the typed path parameters whose malformed values the API answers in its own words: a load, run or
 * delivery id that is not a UUID names no load, run or delivery (404), a batch's {@code seq} that is not a
 * non-negative integer is a 400 naming {@code seq}. Without this, the REST layer would answer a plain 404 for every
 * one of them. The REST layer passes on only a {@link WebApplicationException} from a converter as it is (it turns
 * any other into a 404), so the problem travels in a {@link Refused} and is answered by {@link #refused}.
 */
@Provider
public class PathParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = pathParam(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == UUID.class) {
            return switch (name) {
                case "loadId" -> (ParamConverter<T>) new Id("no load ");
                case "runId" -> (ParamConverter<T>) new Id("no run ");
                // a report delivery's (DeliveryResource's only path parameter)
                case "id" -> (ParamConverter<T>) new Id("no delivery ");
                default -> null;
            };
        }
        if ((rawType == int.class || rawType == Integer.class) && name.equals("seq")) {
            return (ParamConverter<T>) new Seq();
        }
        return null;
    }

    @ServerExceptionMapper
    public Response refused(Refused refused) {
        return Problem.response(refused.problem);
    }

    private static String pathParam(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof PathParam path) {
                return path.value();
            }
        }
        return null;
    }

    /** A UUID, or 404 "{@code notFound}{@literal <value>}". */
    private record Id(String notFound) implements ParamConverter<UUID> {

        @Override
        public UUID fromString(String value) {
            try {
                return UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                throw new Refused(ProblemException.notFound(notFound + value));
            }
        }

        @Override
        public String toString(UUID value) {
            return value.toString();
        }
    }

    /** A batch's number: a non-negative integer, else 400 naming {@code seq}. */
    private static final class Seq implements ParamConverter<Integer> {

        @Override
        public Integer fromString(String value) {
            try {
                int seq = Integer.parseInt(value);
                if (seq >= 0) {
                    return seq;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new Refused(ProblemException.invalid("seq", "must be a non-negative integer, got \"" + value + "\""));
        }

        @Override
        public String toString(Integer value) {
            return value.toString();
        }
    }

    /** A path parameter refused, with the problem that answers it. */
    static final class Refused extends WebApplicationException {
        private final ProblemException problem;

        Refused(ProblemException problem) {
            super(problem.getMessage(), problem.status());
            this.problem = problem;
        }
    }
}
