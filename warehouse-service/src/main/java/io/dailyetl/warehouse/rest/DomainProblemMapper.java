package io.dailyetl.warehouse.rest;

import io.dailyetl.common.Problem;
import io.dailyetl.common.ProblemException;
import io.dailyetl.common.ProblemException.FieldError;
import io.dailyetl.contract.ProblemType;
import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.warehouse.checks.ChecksFailed;
import io.dailyetl.warehouse.failure.WarehouseFailure;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where the business layer's refusals become problem+json: each {@link WarehouseFailure.Kind} gets
 * its problem type (and so its status and title) in one exhaustive switch, and the failure's message is the detail.
 */
public class DomainProblemMapper {

    @ServerExceptionMapper
    public Response failure(WarehouseFailure failure) {
        return response(failure);
    }

    /** The problem+json answer to a refusal. */
    static Response response(WarehouseFailure failure) {
        ProblemType type = switch (failure.kind()) {
            case INVALID_INPUT -> ProblemType.INVALID_REQUEST;
            case NO_SUCH_LOAD, NO_SUCH_DELIVERY, NO_SUCH_NOTIFICATION -> ProblemType.NOT_FOUND;
            case LOAD_ALREADY_OPEN,
                    LOAD_NOT_OPEN,
                    STAGED_COUNTS_DIFFER,
                    DELIVERY_NOT_SENDING,
                    NOTIFICATION_CLAIMED,
                    AUDIT_ALREADY_FOLLOWED -> ProblemType.CONFLICT;
            case STAGING_LOST -> ProblemType.STAGING_LOST;
            case CHECKS_FAILED -> ProblemType.CHECKS_FAILED;
            case MERGE_BUSY -> ProblemType.MERGE_BUSY;
            case BATCH_TOO_LARGE -> ProblemType.PAYLOAD_TOO_LARGE;
            case ALREADY_SENT -> ProblemType.ALREADY_SENT;
            case BEING_SENT -> ProblemType.BEING_SENT;
        };
        if (failure instanceof ChecksFailed refused) {
            return Response.status(type.status())
                    .type(MediaType.valueOf(Problem.MEDIA_TYPE))
                    .entity(new ChecksProblem(
                            type.uri(), type.title(), type.status(), failure.getMessage(), refused.failed()))
                    .build();
        }
        List<FieldError> fields = failure.violations().stream()
                .map(v -> new FieldError(v.field(), v.message()))
                .toList();
        return Problem.response(new ProblemException(type, failure.getMessage(), fields));
    }

    /** The problem+json of {@code checks-failed}: the usual members and {@code checks}, the failed checks' results. */
    record ChecksProblem(String type, String title, int status, String detail, List<CheckResult> checks) {}
}
