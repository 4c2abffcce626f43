package io.dailyetl.report.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.common.ProblemException;
import io.dailyetl.common.security.Roles;
import io.dailyetl.report.csv.SpendReport;
import io.dailyetl.report.service.WeeklyReports;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The report API: build and email the weekly report (operator), or download its CSV (reader or operator). */
@RolesAllowed(Roles.OPERATOR)
@Path("/api/reports")
@Tag(name = "reports", description = "The weekly per-user spend report")
@SecurityRequirement(name = "bearer")
public class ReportResource {

    private final WeeklyReports reports;
    private final ObjectMapper mapper;

    ReportResource(WeeklyReports reports, ObjectMapper mapper) {
        this.reports = reports;
        this.mapper = mapper;
    }

    /** Optional body of {@code POST /api/reports/weekly}. */
    public record WeeklyRequest(String end, Integer days, Boolean send, List<String> to, Boolean force) {}

    @POST
    @Path("/weekly")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "sendWeeklyReport",
            summary = "Build and email the weekly report",
            description = "Optional body {\"end\":\"YYYY-MM-DD\","
                    + "\"days\":7,\"send\":true,\"to\":[\"a@b\"],\"force\":false}. The window is [end - days, end) in report.zone "
                    + "(end defaults to today). A window is emailed once: sending it again needs force.")
    @RequestBody(
            required = false,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = WeeklyRequest.class)))
    @APIResponse(responseCode = "200", description = "{from, to, users, total, emailedTo}")
    @APIResponse(
            responseCode = "400",
            description = "The body is not {end, days, send, to, force}, end is not a date, days outside 1-366, or a "
                    + "recipient is not an email address (or there is none); errors names the field")
    @APIResponse(
            responseCode = "403",
            description =
                    "type urn:daily-etl:recipient-not-allowed: a recipient outside report.mail.allowed-recipients "
                            + "(errors names to), nothing sent; or the bearer token is not one of this service's tokens, or its "
                            + "role may not ask for reports")
    @APIResponse(responseCode = "409", description = "This window was already emailed (send with force to resend)")
    @APIResponse(responseCode = "502", description = "The report was built but SMTP kept failing")
    @APIResponse(responseCode = "503", description = "The warehouse cannot be reached")
    public WeeklyReports.Result weekly(String body) {
        WeeklyRequest r = parse(body);
        return reports.weekly(
                new WeeklyReports.Request(day(r.end(), "end"), r.days(), r.send(), r.to(), r.force()), "api");
    }

    @GET
    @Path("/weekly.csv")
    @Produces("text/csv")
    @RolesAllowed({Roles.READER, Roles.OPERATOR}) // a read: the console downloads it with its reader token
    @Operation(
            operationId = "downloadWeeklyCsv",
            summary = "Download the weekly CSV",
            description = "user_id,total_spent for [end - days, end), highest "
                    + "spend first; RFC 4180, spreadsheet formulas neutralised.")
    @APIResponse(
            responseCode = "200",
            description = "The CSV file, as an attachment (Content-Disposition names the file)",
            headers = @Header(name = "Content-Disposition", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(
            responseCode = "400",
            description = "end is not a date, or days outside 1-366; errors names the parameter")
    @APIResponse(responseCode = "503", description = "The warehouse cannot be reached")
    public Response weeklyCsv(@QueryParam("end") String end, @QueryParam("days") Integer days) {
        SpendReport report = reports.csv(day(end, "end"), days);
        StreamingOutput body = out -> {
            try {
                Files.copy(report.csv(), out);
            } finally {
                Files.deleteIfExists(report.csv());
            }
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=" + report.fileName())
                .build();
    }

    private WeeklyRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return new WeeklyRequest(null, null, null, null, null);
        }
        try {
            return mapper.readValue(body, WeeklyRequest.class);
        } catch (IOException e) {
            throw ProblemException.invalid(
                    "body",
                    "expected {\"end\",\"days\",\"send\",\"to\",\"force\"} or nothing: "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static LocalDate day(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "not a date (YYYY-MM-DD): \"" + value + "\"");
        }
    }
}
