package io.dailyetl.warehouse.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.common.security.Roles;
import io.dailyetl.contract.SpendCsv;
import io.dailyetl.warehouse.analytics.SpendWindow;
import io.dailyetl.warehouse.analytics.UserSpendJson;
import io.dailyetl.warehouse.analytics.UserSpendQuery;
import io.quarkus.logging.Log;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Per-user spend over a window of days, as JSON or (with {@code Accept: text/csv}) CSV. */
@Path("/api/analytics")
@RolesAllowed({Roles.READER, Roles.OPERATOR})
@Tag(name = "analytics", description = "Questions answered from daily_snapshot")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "503", description = "The database is not reachable; try again later")
public class AnalyticsResource {

    private static final MediaType CSV = MediaType.valueOf("text/csv");

    private final UserSpendQuery query;
    private final ObjectMapper mapper;

    AnalyticsResource(UserSpendQuery query, ObjectMapper mapper) {
        this.query = query;
        this.mapper = mapper;
    }

    @GET
    @Path("/user-spend")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(
            operationId = "getUserSpend",
            summary = "Per-user spend over a window",
            description =
                    "Sums amount per user over records created in "
                            + "[from, to) — from inclusive, to exclusive, days in warehouse.zone or the zone given — with the given status, "
                            + "across every source unless one is named. Totals are "
                            + "exact, 2 decimals, as strings in JSON. Rows ordered by total desc, then user_id. JSON {from, to, users, "
                            + "total, rows:[{userId, totalSpent, transactions}]}; with Accept: text/csv, CSV user_id,total_spent.")
    @APIResponse(
            responseCode = "200",
            description = "Per-user totals, highest first",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = UserSpendAnswer.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    @APIResponse(
            responseCode = "400",
            description = "from or to missing or not a date, to not after from, status blank, zone not a time zone, or "
                    + "source not one any load came from; errors names the parameter")
    public Response userSpend(
            @Parameter(description = "First day, inclusive (YYYY-MM-DD)") @QueryParam("from") String from,
            @Parameter(description = "Day after the last, exclusive (YYYY-MM-DD)") @QueryParam("to") String to,
            @Parameter(description = "Status to count (default active)") @QueryParam("status") @DefaultValue("active")
                    String status,
            @Parameter(description = "Zone whose midnights bound the days (IANA id; default warehouse.zone)")
                    @QueryParam("zone")
                    String zone,
            @Parameter(description = "Only this source's records (default: every source, summed)") @QueryParam("source")
                    String source,
            @Context HttpHeaders headers)
            throws SQLException {
        SpendWindow window = SpendWindow.of(from, to, status, zone, source, query.defaultZone());
        boolean csv = wantsCsv(headers);
        UserSpendQuery.Result result =
                query.run(window.from(), window.to(), window.status(), window.zone(), window.source());
        StreamingOutput body = out -> {
            try (result) {
                if (csv) {
                    writeCsv(
                            result, new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024));
                } else {
                    UserSpendJson.write(
                            result,
                            window.from(),
                            window.to(),
                            mapper.getFactory().createGenerator(out));
                }
            } catch (SQLException e) {
                Log.errorf(e, "user-spend answer broke off while streaming");
                throw new UncheckedIOException(new IOException(e));
            }
        };
        Log.infof(
                "user-spend %s..%s status=%s source=%s: %d users, total %s",
                window.from(),
                window.to(),
                status,
                window.source() == null ? "(all)" : window.source(),
                result.users(),
                result.total());
        return Response.ok(body, csv ? CSV : MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static void writeCsv(UserSpendQuery.Result result, Writer w) throws IOException, SQLException {
        w.write(SpendCsv.HEADER);
        for (UserSpendQuery.Row row = result.next(); row != null; row = result.next()) {
            w.write(SpendCsv.cell(row.userId()));
            w.write(',');
            w.write(row.totalSpent().toPlainString());
            w.write("\r\n");
        }
        w.flush();
    }

    private static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
                return false;
            }
            if (type.isCompatible(CSV) && !type.isWildcardType()) {
                return true;
            }
        }
        return false;
    }
}
