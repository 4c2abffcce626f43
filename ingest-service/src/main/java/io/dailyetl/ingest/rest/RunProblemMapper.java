package io.dailyetl.ingest.rest;

import io.dailyetl.common.Problem;
import io.dailyetl.common.ProblemException;
import io.dailyetl.ingest.run.RunRefused;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers the run code's refusals as the shared problem types, so the run code says what went wrong and only this
 * class says how HTTP shows it, one {@link RunRefused.Kind} at a time: a request field that does not suit is 400
 * naming it, a run in progress 409 conflict, an unknown run 404 not found, an unreachable warehouse 503.
 */
public class RunProblemMapper {

    @ServerExceptionMapper
    public Response refused(RunRefused e) {
        ProblemException problem = switch (e.kind()) {
            case INVALID_REQUEST -> ProblemException.invalid(e.field(), e.getMessage());
            case ALREADY_ACTIVE -> ProblemException.conflict(e.getMessage());
            case NO_SUCH_RUN -> ProblemException.notFound(e.getMessage());
            case WAREHOUSE_UNREACHABLE -> ProblemException.warehouseUnavailable(e.getMessage());
        };
        return Problem.response(problem);
    }
}
