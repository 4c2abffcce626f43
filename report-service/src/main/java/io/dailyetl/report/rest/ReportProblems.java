package io.dailyetl.report.rest;

import io.dailyetl.common.Problem;
import io.dailyetl.common.ProblemException;
import io.dailyetl.contract.ProblemType;
import io.dailyetl.report.service.ReportFailure;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place a {@link ReportFailure} becomes an HTTP answer: its status, problem type and title. */
public class ReportProblems {

    @ServerExceptionMapper
    public Response failure(ReportFailure f) {
        ProblemException p = switch (f.reason()) {
            case INVALID_REQUEST -> ProblemException.invalid(f.field(), f.fieldMessage());
            case ALREADY_SENT -> ProblemException.alreadySent(f.getMessage());
            case BEING_SENT -> ProblemException.beingSent(f.getMessage());
            case CLAIM_REFUSED -> ProblemException.conflict(f.getMessage());
            case WAREHOUSE_UNAVAILABLE -> ProblemException.warehouseUnavailable(f.getMessage());
            case MAIL_FAILED -> new ProblemException(ProblemType.SMTP_FAILED, f.getMessage(), null);
            case RECIPIENT_NOT_ALLOWED ->
                new ProblemException(
                        ProblemType.RECIPIENT_NOT_ALLOWED,
                        f.getMessage(),
                        List.of(new ProblemException.FieldError(f.field(), f.fieldMessage())));
        };
        return Problem.response(p);
    }
}
