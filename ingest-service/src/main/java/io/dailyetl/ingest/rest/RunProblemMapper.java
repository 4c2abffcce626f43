package io.dailyetl.ingest.rest;

import io.dailyetl.common.Problem;
import io.dailyetl.common.ProblemException;
import io.dailyetl.ingest.run.InvalidRunRequest;
import io.dailyetl.ingest.run.NoSuchRun;
import io.dailyetl.ingest.run.RunAlreadyActive;
import io.dailyetl.ingest.run.WarehouseUnreachable;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers the run domain's refusals as the shared problem types, so the run code says what went wrong and only
 * this class says how HTTP shows it: a request field that does not suit is 400 naming it, a run in progress 409
 * conflict, an unknown run 404 not found, an unreachable warehouse 503.
 */
public class RunProblemMapper {

    @ServerExceptionMapper
    public Response alreadyActive(RunAlreadyActive e) {
        return Problem.response(ProblemException.conflict(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRunRequest e) {
        return Problem.response(ProblemException.invalid(e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response noSuchRun(NoSuchRun e) {
        return Problem.response(ProblemException.notFound(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response warehouseUnreachable(WarehouseUnreachable e) {
        return Problem.response(ProblemException.warehouseUnavailable(e.getMessage()));
    }
}
