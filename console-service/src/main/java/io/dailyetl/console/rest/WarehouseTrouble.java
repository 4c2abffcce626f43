package io.dailyetl.console.rest;

import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseRejectedException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseUnavailableException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A page the warehouse could not answer shows a readable message (503), never a stack trace: the warehouse down,
 * slow, or refusing the console's token. The cause is logged.
 */
public class WarehouseTrouble {

    @ServerExceptionMapper({
        WarehouseUnavailableException.class,
        WarehouseRejectedException.class,
        WarehouseConflictException.class,
        FaultToleranceException.class,
        ProcessingException.class
    })
    Response warehouseTrouble(RuntimeException e) {
        Log.warnf("console: a page could not be read from the warehouse: %s", e.getMessage());
        String detail = e instanceof WarehouseRejectedException r && (r.status() == 401 || r.status() == 403)
                ? "The warehouse refused the console's token (" + r.status() + "): is PIPELINE_WAREHOUSE_TOKEN one "
                        + "of the warehouse's reader tokens?"
                : "The warehouse could not be read just now. Try again in a moment; if it lasts, check the "
                        + "warehouse's health (/q/health/ready).";
        return Response.status(503)
                .type(MediaType.TEXT_HTML_TYPE)
                .entity(ConsolePages.Templates.problem("", "The warehouse is not answering", detail))
                .build();
    }
}
