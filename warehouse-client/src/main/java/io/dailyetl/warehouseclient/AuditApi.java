package io.dailyetl.warehouseclient;

import io.dailyetl.contract.audit.AuditEntry;
import io.dailyetl.contract.audit.AuditView;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The warehouse's audit log of the console. Wrapped by {@link AuditClient}. */
@Singleton // one HTTP client, not two: see WarehouseReadiness.WarehouseHealth
@RegisterRestClient(configKey = "warehouse")
@RegisterProvider(WarehouseErrors.class)
@RegisterClientHeaders(WarehouseToken.class)
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface AuditApi {

    /** {@code authorization} replaces the configured token: writing needs an operator's. */
    @POST
    AuditView write(AuditEntry entry, @HeaderParam("Authorization") String authorization);

    @GET
    List<AuditView> recent(@QueryParam("limit") int limit);
}
