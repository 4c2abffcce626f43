package io.dailyetl.demo.rest;

import io.dailyetl.demo.data.ExpectedCounts;
import io.dailyetl.demo.data.SourceData;
import io.dailyetl.demo.data.SourceState;
import io.dailyetl.demo.data.UserSpend;
import io.dailyetl.demo.data.Window;
import io.dailyetl.demo.data.World;
import io.dailyetl.demo.provider.Provider;
import io.dailyetl.demo.provider.Providers;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What a correct pipeline must answer for this data, computed from the generator's own knowledge of every record
 * (never by reading the served JSON back), so a run can be checked end to end. In a changing world they answer for
 * the current day.
 */
@Path("/api/expected")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "expected", description = "The answers a correct ingest run and warehouse must give")
public class ExpectedResource {

    private static final String PROVIDER_DOC = "A provider's answers (demo.providers.<name>), or \"all\": the "
            + "providers' together, as a pipeline that pulls every provider and sums across sources answers; absent: "
            + "the single source's (/api/transactions)";

    private final SourceData data;
    private final Providers providers;

    ExpectedResource(SourceData data, Providers providers) {
        this.data = data;
        this.providers = providers;
    }

    @GET
    @Path("/counts")
    @Operation(
            summary = "Expected run counts",
            description = "{fetched, rejected, duplicates, loaded} of a run over "
                    + "every record (or, in a changing world, over the records of the changed-since window): duplicates are "
                    + "clean records whose id occurs again later among clean records, and fetched = loaded + rejected + "
                    + "duplicates.")
    public ExpectedCounts counts(
            @Parameter(description = "Like the page endpoints' (demo.world=changing only)")
                    @QueryParam(ChangedSince.SINCE)
                    String since,
            @Parameter(description = "Like the page endpoints' (demo.world=changing only)")
                    @QueryParam(ChangedSince.BEFORE)
                    String before,
            @Parameter(description = PROVIDER_DOC) @QueryParam("provider") String provider) {
        if (provider != null && !provider.isBlank()) {
            if ((since != null && !since.isBlank()) || (before != null && !before.isBlank())) {
                throw Problem.invalid("provider", "a provider's records do not change: give no changed-since window");
            }
            return ExpectedCounts.sum(providers(provider).stream()
                    .map(p -> p.data().dataset().expectedCounts())
                    .toList());
        }
        Window window = ChangedSince.window(data, since, before);
        World world = data.world();
        return world == null ? data.dataset().expectedCounts() : world.today().counts(window);
    }

    @GET
    @Path("/state")
    @Operation(
            summary = "Expected snapshot",
            description = "{ids, total, statuses: {active, pending, refunded}} that "
                    + "a correct snapshot holds after a full pull now: the ids with a clean state, the exact sum of their "
                    + "amounts and how many have each status; in a changing world also {day, date}.")
    public SourceState state(@Parameter(description = PROVIDER_DOC) @QueryParam("provider") String provider) {
        if (provider != null && !provider.isBlank()) {
            return SourceState.sum(providers(provider).stream()
                    .map(p -> p.data().dataset().state())
                    .toList());
        }
        World world = data.world();
        return world == null ? data.dataset().state() : world.today().state();
    }

    @GET
    @Path("/user-spend")
    @Operation(
            summary = "Expected user spend",
            description = "Like the warehouse's GET /api/analytics/user-spend: the "
                    + "last clean occurrence of each id, with the status, created in [from, to) at the zone's midnights; "
                    + "totals exact with 2 decimals; rows by total desc, then user id in byte order.")
    public UserSpend userSpend(
            @Parameter(description = "First day, inclusive (YYYY-MM-DD; default demo.week-start)") @QueryParam("from")
                    String from,
            @Parameter(description = "Day after the last, exclusive (default from + 7 days)") @QueryParam("to")
                    String to,
            @Parameter(description = "Status to count") @QueryParam("status") @DefaultValue("active") String status,
            @Parameter(description = "Zone whose midnights bound the days (IANA id)")
                    @QueryParam("zone")
                    @DefaultValue("UTC")
                    String zone,
            @Parameter(description = PROVIDER_DOC) @QueryParam("provider") String provider) {
        LocalDate first =
                from == null || from.isBlank() ? data.dataset().settings().weekStart() : day("from", from);
        LocalDate end = to == null || to.isBlank() ? first.plusDays(7) : day("to", to);
        if (!end.isAfter(first)) {
            throw Problem.invalid("to", "must be after from (the window is [from, to))");
        }
        if (status.isBlank()) {
            throw Problem.invalid("status", "must not be blank");
        }
        ZoneId days;
        try {
            days = ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw Problem.invalid("zone", "not a time zone: \"" + zone + "\" (use an IANA id such as Europe/Berlin)");
        }
        if (provider != null && !provider.isBlank()) {
            return UserSpend.sum(
                    providers(provider).stream()
                            .map(p -> p.data().dataset().userSpend(first, end, status, days))
                            .toList(),
                    first.toString(),
                    end.toString());
        }
        World world = data.world();
        return world == null
                ? data.dataset().userSpend(first, end, status, days)
                : world.today().userSpend(first, end, status, days);
    }

    /** The provider named, or every provider for "all"; 400 naming the providers otherwise. */
    private List<Provider> providers(String name) {
        String wanted = name.trim();
        if (wanted.equals("all")) {
            if (providers.all().isEmpty()) {
                throw Problem.invalid("provider", "no providers are configured (demo.providers.<name>.*)");
            }
            return List.copyOf(providers.all());
        }
        return List.of(providers
                .get(wanted)
                .orElseThrow(() -> Problem.invalid(
                        "provider",
                        "no provider \"" + name + "\" (the providers: " + providers.names() + ", or all)")));
    }

    private static LocalDate day(String field, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw Problem.invalid(field, "not a date (YYYY-MM-DD): \"" + value + "\"");
        }
    }
}
