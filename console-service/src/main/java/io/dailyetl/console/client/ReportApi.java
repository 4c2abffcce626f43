package io.dailyetl.console.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** report-service's report API ({@code quarkus.rest-client.report.url}). Wrapped by {@link ReportClient}. */
@RegisterRestClient(configKey = "report")
@RegisterProvider(ServiceErrors.Report.class)
@Path("/api/reports")
interface ReportApi {

    @POST
    @Path("/weekly")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    ReportClient.Sent send(Map<String, Object> request, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/weekly.csv")
    @Produces("text/csv")
    byte[] csv(
            @QueryParam("end") String end,
            @QueryParam("days") Integer days,
            @HeaderParam("Authorization") String authorization);
}
