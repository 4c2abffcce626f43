package io.dailyetl.demo.rest;

import io.dailyetl.demo.data.Dataset;
import io.dailyetl.demo.data.SourceData;
import io.dailyetl.demo.fault.Faults;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The same records, in the same order, in each pagination style ingest supports. Every answer is a
 * copy of bytes rendered at start-up, so the source is never the bottleneck; page answers go through the
 * {@link Faults} first (and get their latency).
 */
@Path("/api/transactions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "transactions", description = "The source records, paginated five ways")
public class TransactionResource {

    private static final byte[] RESULTS = ascii("{\"results\":[");
    private static final byte[] END_RESULTS = ascii("]}");
    private static final byte[] ITEMS = ascii("{\"data\":{\"items\":[");
    private static final byte[] ARRAY = ascii("[");
    private static final byte[] END_ARRAY = ascii("]");
    private static final String CURSOR_PREFIX = "p";

    private final SourceData data;
    private final Faults faults;

    TransactionResource(SourceData data, Faults faults) {
        this.data = data;
        this.faults = faults;
    }

    @GET
    @Operation(summary = "Page style", description = "{\"results\":[…]}; pages count from 1; a page past the end is "
            + "{\"results\":[]}.")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "429", description = "Injected throttling (Retry-After: 1)")
    @APIResponse(responseCode = "500", description = "Injected fault")
    public Uni<Response> page(@Parameter(description = "Page, from 1 (default 1)") @QueryParam("page") String page,
                              @Parameter(description = "Records per page (default demo.page-size)") @QueryParam("size") String size) {
        long number = number("page", page, 1, 1);
        int perPage = size("size", size);
        long from = start(number, perPage);
        return serve(number, () -> json(dataset().body(RESULTS, from, from + perPage, END_RESULTS)));
    }

    @GET
    @Path("/offset")
    @Operation(summary = "Offset style", description = "{\"results\":[…]} from record `offset` (from 0); past the end "
            + "{\"results\":[]}.")
    public Uni<Response> offset(@QueryParam("offset") String offset,
                                @Parameter(description = "Records per page (default demo.page-size)") @QueryParam("limit") String limit) {
        long from = Math.min(number("offset", offset, 0, 0), Long.MAX_VALUE / 2);
        int perPage = size("limit", limit);
        return serve(from / perPage + 1, () -> json(dataset().body(RESULTS, from, from + perPage, END_RESULTS)));
    }

    @GET
    @Path("/cursor")
    @Operation(summary = "Cursor style", description = "{\"data\":{\"items\":[…]},\"next_cursor\":\"…\"}; the opaque "
            + "cursor holds the position and the page size, so later requests need only it; null on the last page.")
    public Uni<Response> cursor(@QueryParam("cursor") String cursor,
                                @Parameter(description = "Records per page (default: the cursor's, else demo.page-size)") @QueryParam("size") String size) {
        long from = 0;
        int perPage = size("size", size);
        if (cursor != null && !cursor.isEmpty()) {
            long[] decoded = decodeCursor(cursor);
            from = Math.min(decoded[0], Long.MAX_VALUE / 2);
            if (size == null || size.isBlank()) {
                perPage = (int) decoded[1];
            }
        }
        long start = from;
        int count = perPage;
        long end = start + count;
        String next = end < dataset().size() ? "\"" + encodeCursor(end, count) + "\"" : "null";
        return serve(start / count + 1,
                () -> json(dataset().body(ITEMS, start, end, ascii("]},\"next_cursor\":" + next + "}"))));
    }

    @GET
    @Path("/next")
    @Operation(summary = "Next-link style", description = "{\"results\":[…],\"next\":\"/api/transactions/next?page=N+1&size=M\"} "
            + "(a relative URL); \"next\":null on the last page.")
    public Uni<Response> next(@QueryParam("page") String page, @QueryParam("size") String size) {
        long number = number("page", page, 1, 1);
        int perPage = size("size", size);
        long from = start(number, perPage);
        long end = from + perPage;
        String next = end < dataset().size()
                ? "\"/api/transactions/next?page=" + (number + 1) + "&size=" + perPage + "\"" : "null";
        return serve(number, () -> json(dataset().body(RESULTS, from, end, ascii("],\"next\":" + next + "}"))));
    }

    @GET
    @Path("/linked")
    @Operation(summary = "Link-header style", description = "A top-level JSON array; `Link: <…>; rel=\"next\"` (an "
            + "absolute URL built from the request) on every page but the last.")
    public Uni<Response> linked(@QueryParam("page") String page, @QueryParam("size") String size, @Context UriInfo uri) {
        long number = number("page", page, 1, 1);
        int perPage = size("size", size);
        long from = start(number, perPage);
        long end = from + perPage;
        String link = end < dataset().size()
                ? "<" + uri.getRequestUriBuilder().replaceQueryParam("page", number + 1)
                        .replaceQueryParam("size", perPage).build() + ">; rel=\"next\""
                : null;
        return serve(number, () -> {
            Response.ResponseBuilder ok = Response.ok(dataset().body(ARRAY, from, end, END_ARRAY), MediaType.APPLICATION_JSON_TYPE);
            return (link == null ? ok : ok.header("Link", link)).build();
        });
    }

    // ---- faults ---------------------------------------------------------------------------------------------

    private Uni<Response> serve(long page, Supplier<Response> answer) {
        Response response = switch (faults.decide(page)) {
            case SERVE -> answer.get();
            case FAILING_PAGE -> Problem.builder(500, "Injected fault", "page " + page + " always fails (failingPage)").build();
            case ERROR -> Problem.builder(500, "Injected fault", "this request fails (errorRate)").build();
            case THROTTLE -> Problem.builder(429, "Too Many Requests", "throttled (throttleRate); retry in 1 s")
                    .header("Retry-After", "1").build();
        };
        Duration latency = faults.latency();
        Uni<Response> uni = Uni.createFrom().item(response);
        return latency.isZero() ? uni : uni.onItem().delayIt().by(latency);
    }

    // ---- parameters -----------------------------------------------------------------------------------------

    private Dataset dataset() {
        return data.dataset();
    }

    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** An integer parameter >= min, or the default when absent. */
    private static long number(String name, String value, long min, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw Problem.invalid(name, "not an integer: \"" + value + "\"");
        }
        if (n < min) {
            throw Problem.invalid(name, "must be >= " + min);
        }
        return n;
    }

    private int size(String name, String value) {
        long n = number(name, value, 1, data.defaultPageSize());
        if (n > SourceData.MAX_PAGE_SIZE) {
            throw Problem.invalid(name, "must be at most " + SourceData.MAX_PAGE_SIZE);
        }
        return (int) n;
    }

    /** Index of the first record of a page; past the end (saturating) for absurd page numbers. */
    private static long start(long page, int size) {
        return page - 1 > Long.MAX_VALUE / 2 / size ? Long.MAX_VALUE / 2 : (page - 1) * size;
    }

    static String encodeCursor(long position, int size) {
        String plain = CURSOR_PREFIX + position + "s" + size;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** {position, size} from a cursor this source gave out; 400 for anything else. */
    private static long[] decodeCursor(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.US_ASCII);
            int s = plain.indexOf('s');
            if (!plain.startsWith(CURSOR_PREFIX) || s < 0) {
                throw new IllegalArgumentException(plain);
            }
            long position = Long.parseLong(plain.substring(CURSOR_PREFIX.length(), s));
            long size = Long.parseLong(plain.substring(s + 1));
            if (position < 0 || size < 1 || size > SourceData.MAX_PAGE_SIZE) {
                throw new IllegalArgumentException(plain);
            }
            return new long[] {position, size};
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("cursor", "not a cursor of this source: \"" + cursor + "\"");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
