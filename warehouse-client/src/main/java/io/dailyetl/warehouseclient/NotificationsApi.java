package io.dailyetl.warehouseclient;

import io.dailyetl.contract.notifications.ClaimNotifications;
import io.dailyetl.contract.notifications.NotificationResult;
import io.dailyetl.contract.notifications.NotificationView;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The warehouse's notification outbox API. Wrapped by {@link NotificationsClient}. */
@Singleton // one HTTP client, not two: see WarehouseReadiness.WarehouseHealth
@RegisterRestClient(configKey = "warehouse")
@RegisterProvider(WarehouseErrors.class)
@RegisterClientHeaders(WarehouseToken.class)
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface NotificationsApi {

    @POST
    @Path("/claim")
    List<NotificationView> claim(ClaimNotifications request);

    @POST
    @Path("/{id}/result")
    NotificationView result(@PathParam("id") UUID id, NotificationResult result);

    @GET
    List<NotificationView> recent(@QueryParam("limit") int limit);
}
