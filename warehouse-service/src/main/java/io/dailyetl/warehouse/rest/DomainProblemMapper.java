package io.dailyetl.warehouse.rest;

import io.dailyetl.common.Problem;
import io.dailyetl.common.ProblemException;
import io.dailyetl.common.ProblemException.FieldError;
import io.dailyetl.contract.ProblemType;
import io.dailyetl.warehouse.failure.InvalidInput;
import io.dailyetl.warehouse.failure.WarehouseFailure;
import io.dailyetl.warehouse.lifecycle.LoadAlreadyOpen;
import io.dailyetl.warehouse.lifecycle.LoadNotOpen;
import io.dailyetl.warehouse.lifecycle.NoSuchLoad;
import io.dailyetl.warehouse.lifecycle.StagedCountsDiffer;
import io.dailyetl.warehouse.lifecycle.StagingLost;
import io.dailyetl.warehouse.merge.MergeBusy;
import io.dailyetl.warehouse.report.AlreadySent;
import io.dailyetl.warehouse.report.BeingSent;
import io.dailyetl.warehouse.report.DeliveryNotSending;
import io.dailyetl.warehouse.report.NoSuchDelivery;
import io.dailyetl.warehouse.staging.BatchTooLarge;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where the business layer's refusals become problem+json: each kind of {@link WarehouseFailure}
 * gets its HTTP status, problem type and title here, and its message is the detail.
 */
public class DomainProblemMapper {

    @ServerExceptionMapper
    public Response failure(WarehouseFailure failure) {
        return response(failure);
    }

    /** The problem+json answer to a refusal. */
    static Response response(WarehouseFailure failure) {
        ProblemException problem = problem(failure);
        return problem != null
                ? Problem.response(problem)
                : Problem.response(500, "Internal server error", "unexpected failure (see the warehouse log)");
    }

    private static ProblemException problem(WarehouseFailure failure) {
        String detail = failure.getMessage();
        if (failure instanceof InvalidInput invalid) {
            return ProblemException.invalid(detail, fieldErrors(invalid.violations()));
        }
        if (failure instanceof NoSuchLoad || failure instanceof NoSuchDelivery) {
            return ProblemException.notFound(detail);
        }
        if (failure instanceof LoadAlreadyOpen
                || failure instanceof LoadNotOpen
                || failure instanceof StagedCountsDiffer
                || failure instanceof DeliveryNotSending) {
            return ProblemException.conflict(detail);
        }
        if (failure instanceof StagingLost) {
            return new ProblemException(ProblemType.STAGING_LOST, detail, null);
        }
        if (failure instanceof MergeBusy) {
            return new ProblemException(ProblemType.MERGE_BUSY, detail, null);
        }
        if (failure instanceof BatchTooLarge) {
            return ProblemException.tooLarge(detail);
        }
        if (failure instanceof AlreadySent) {
            return ProblemException.alreadySent(detail);
        }
        if (failure instanceof BeingSent) {
            return ProblemException.beingSent(detail);
        }
        Log.errorf(failure, "no problem mapping for %s", failure.getClass().getName());
        return null;
    }

    private static List<FieldError> fieldErrors(List<InvalidInput.Violation> violations) {
        List<FieldError> errors = new ArrayList<>(violations.size());
        for (InvalidInput.Violation v : violations) {
            errors.add(new FieldError(v.field(), v.message()));
        }
        return errors;
    }
}
