package io.dailyetl.demo.rest;

import io.dailyetl.demo.data.Records;
import io.dailyetl.demo.data.SourceData;
import io.dailyetl.demo.data.Window;
import io.dailyetl.demo.fault.Faults;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The same records, in the same order, in each pagination style ingest supports. Every answer is a
 * copy of bytes rendered at start-up, so the source is never the bottleneck; page answers go through the
 * {@link Faults} first (and get their latency). The single demo source serves them at {@code /api/transactions}
 * ({@link TransactionResource}), each provider at {@code /providers/<name>/transactions} ({@link ProviderResource}).
 *
 * <p>In a changing world ({@code demo.world=changing}) every style also takes the changed-since filter
 * ({@link ChangedSince}) and serves only the records updated in its window, in the same order; its next links, Link
 * headers and cursors carry the window, so a client may give it on the first request only or on every one.
 */
@Produces(MediaType.APPLICATION_JSON)
public class PageStyles {

    private static final byte[] RESULTS = ascii("{\"results\":[");
    private static final byte[] END_RESULTS = ascii("]}");
    private static final byte[] ITEMS = ascii("{\"data\":{\"items\":[");
    private static final byte[] ARRAY = ascii("[");
    private static final byte[] END_ARRAY = ascii("]");
    private static final String CURSOR_PREFIX = "p";
    /** {@code p<position>s<size>}, then {@code f<since>} and {@code t<before>} (epoch ms) for a filtered view. */
    private static final Pattern CURSOR =
            Pattern.compile("p([0-9]{1,19})s([0-9]{1,9})(?:f(-?[0-9]{1,19}))?(?:t(-?[0-9]{1,19}))?");

    private static final String SINCE_DOC = "Only records with updated_at at or after this instant (ISO-8601 with Z or "
            + "an offset, epoch seconds or epoch milliseconds); demo.world=changing only";
    private static final String BEFORE_DOC =
            "Only records with updated_at before this instant (same forms); " + "demo.world=changing only";

    private final SourceData data;
    private final Faults faults;
    private final PageStats stats;
    private final String basePath;

    /** Pages of {@code data}, served under {@code basePath} (the next-link style's links start with it). */
    public PageStyles(SourceData data, Faults faults, PageStats stats, String basePath) {
        this.data = data;
        this.faults = faults;
        this.stats = stats;
        this.basePath = basePath;
    }

    @GET
    @Operation(
            summary = "Page style",
            description = "{\"results\":[…]}; pages count from 1; a page past the end is " + "{\"results\":[]}.")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "429", description = "Injected throttling (Retry-After: 1)")
    @APIResponse(responseCode = "500", description = "Injected fault")
    public Uni<Response> page(
            @Parameter(description = "Page, from 1 (default 1)") @QueryParam("page") String page,
            @Parameter(description = "Records per page (default demo.page-size)") @QueryParam("size") String size,
            @Parameter(description = SINCE_DOC) @QueryParam(ChangedSince.SINCE) String since,
            @Parameter(description = BEFORE_DOC) @QueryParam(ChangedSince.BEFORE) String before) {
        long number = number("page", page, 1, 1);
        int perPage = size("size", size);
        Records records = records(since, before);
        long from = start(number, perPage);
        return serve(
                number,
                records.count(from, from + perPage),
                () -> json(records.body(RESULTS, from, from + perPage, END_RESULTS)));
    }

    @GET
    @Path("/offset")
    @Operation(
            summary = "Offset style",
            description = "{\"results\":[…]} from record `offset` (from 0); past the end " + "{\"results\":[]}.")
    public Uni<Response> offset(
            @QueryParam("offset") String offset,
            @Parameter(description = "Records per page (default demo.page-size)") @QueryParam("limit") String limit,
            @Parameter(description = SINCE_DOC) @QueryParam(ChangedSince.SINCE) String since,
            @Parameter(description = BEFORE_DOC) @QueryParam(ChangedSince.BEFORE) String before) {
        long from = Math.min(number("offset", offset, 0, 0), Long.MAX_VALUE / 2);
        int perPage = size("limit", limit);
        Records records = records(since, before);
        return serve(
                from / perPage + 1,
                records.count(from, from + perPage),
                () -> json(records.body(RESULTS, from, from + perPage, END_RESULTS)));
    }

    @GET
    @Path("/cursor")
    @Operation(
            summary = "Cursor style",
            description = "{\"data\":{\"items\":[…]},\"next_cursor\":\"…\"}; the opaque "
                    + "cursor holds the position, the page size and the changed-since window, so later requests need only it; "
                    + "null on the last page.")
    public Uni<Response> cursor(
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Records per page (default: the cursor's, else demo.page-size)")
                    @QueryParam("size")
                    String size,
            @Parameter(description = SINCE_DOC + "; a cursor keeps the first page's") @QueryParam(ChangedSince.SINCE)
                    String since,
            @Parameter(description = BEFORE_DOC + "; a cursor keeps the first page's") @QueryParam(ChangedSince.BEFORE)
                    String before) {
        long from = 0;
        int perPage = size("size", size);
        Window window = ChangedSince.window(data, since, before);
        if (cursor != null && !cursor.isEmpty()) {
            Cursor decoded = decodeCursor(cursor);
            from = Math.min(decoded.position(), Long.MAX_VALUE / 2);
            if (size == null || size.isBlank()) {
                perPage = decoded.size();
            }
            if (!window.equals(Window.ALL) && !window.equals(decoded.window())) {
                throw Problem.invalid(
                        window.hasSince() ? ChangedSince.SINCE : ChangedSince.BEFORE,
                        "differs from the "
                                + "window of the cursor, which keeps its first page's (give the same value, or none)");
            }
            window = decoded.window();
            if (data.world() == null && !window.equals(Window.ALL)) {
                throw Problem.invalid("cursor", "not a cursor of this source: \"" + cursor + "\"");
            }
        }
        Records records = data.records(window);
        long start = from;
        int count = perPage;
        long end = start + count;
        String next = end < records.size() ? "\"" + encodeCursor(end, count, window) + "\"" : "null";
        return serve(
                start / count + 1,
                records.count(start, end),
                () -> json(records.body(ITEMS, start, end, ascii("]},\"next_cursor\":" + next + "}"))));
    }

    @GET
    @Path("/next")
    @Operation(
            summary = "Next-link style",
            description =
                    "{\"results\":[…],\"next\":\"<base>/next?page=N+1&size=M\"} "
                            + "(a relative URL, with the changed-since window when one was given); \"next\":null on the last page.")
    public Uni<Response> next(
            @QueryParam("page") String page,
            @QueryParam("size") String size,
            @Parameter(description = SINCE_DOC) @QueryParam(ChangedSince.SINCE) String since,
            @Parameter(description = BEFORE_DOC) @QueryParam(ChangedSince.BEFORE) String before) {
        long number = number("page", page, 1, 1);
        int perPage = size("size", size);
        Window window = ChangedSince.window(data, since, before);
        Records records = data.records(window);
        long from = start(number, perPage);
        long end = from + perPage;
        String next = end < records.size()
                ? "\"" + basePath + "/next?page=" + (number + 1) + "&size=" + perPage + ChangedSince.query(window)
                        + "\""
                : "null";
        return serve(
                number,
                records.count(from, end),
                () -> json(records.body(RESULTS, from, end, ascii("],\"next\":" + next + "}"))));
    }

    @GET
    @Path("/linked")
    @Operation(
            summary = "Link-header style",
            description = "A top-level JSON array; `Link: <…>; rel=\"next\"` (an "
                    + "absolute URL built from the request, with the changed-since window when one was given) on every page but "
                    + "the last.")
    public Uni<Response> linked(
            @QueryParam("page") String page,
            @QueryParam("size") String size,
            @Parameter(description = SINCE_DOC) @QueryParam(ChangedSince.SINCE) String since,
            @Parameter(description = BEFORE_DOC) @QueryParam(ChangedSince.BEFORE) String before,
            @Context UriInfo uri) {
        long number = number("page", page, 1, 1);
        int perPage = size("size", size);
        Window window = ChangedSince.window(data, since, before);
        Records records = data.records(window);
        long from = start(number, perPage);
        long end = from + perPage;
        String link = null;
        if (end < records.size()) {
            UriBuilder next = uri.getRequestUriBuilder()
                    .replaceQueryParam("page", number + 1)
                    .replaceQueryParam("size", perPage);
            if (window.hasSince()) {
                next.replaceQueryParam(ChangedSince.SINCE, window.sinceText());
            }
            if (window.hasBefore()) {
                next.replaceQueryParam(ChangedSince.BEFORE, window.beforeText());
            }
            link = "<" + next.build() + ">; rel=\"next\"";
        }
        String nextLink = link;
        return serve(number, records.count(from, end), () -> {
            Response.ResponseBuilder ok =
                    Response.ok(records.body(ARRAY, from, end, END_ARRAY), MediaType.APPLICATION_JSON_TYPE);
            return (nextLink == null ? ok : ok.header("Link", nextLink)).build();
        });
    }

    // ---- faults ---------------------------------------------------------------------------------------------

    /** Answers page {@code page} of {@code records} records, unless a fault answers it. */
    private Uni<Response> serve(long page, long records, Supplier<Response> answer) {
        Response response = switch (faults.decide(page)) {
            case SERVE -> {
                stats.served(records);
                yield answer.get();
            }
            case FAILING_PAGE ->
                Problem.builder(500, "Injected fault", "page " + page + " always fails (failingPage)")
                        .build();
            case ERROR ->
                Problem.builder(500, "Injected fault", "this request fails (errorRate)")
                        .build();
            case THROTTLE ->
                Problem.builder(429, "Too Many Requests", "throttled (throttleRate); retry in 1 s")
                        .header("Retry-After", "1")
                        .build();
        };
        Duration latency = faults.latency();
        Uni<Response> uni = Uni.createFrom().item(response);
        return latency.isZero() ? uni : uni.onItem().delayIt().by(latency);
    }

    // ---- parameters -----------------------------------------------------------------------------------------

    /** The records served, in the window the parameters ask for (all without them). */
    private Records records(String since, String before) {
        return data.records(ChangedSince.window(data, since, before));
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

    static String encodeCursor(long position, int size, Window window) {
        String plain = CURSOR_PREFIX + position + "s" + size + (window.hasSince() ? "f" + window.since() : "")
                + (window.hasBefore() ? "t" + window.before() : "");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** Where a cursor points: a position in the records of a window, and the page size. */
    private record Cursor(long position, int size, Window window) {}

    /** What a cursor this source gave out holds; 400 for anything else. */
    private static Cursor decodeCursor(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.US_ASCII);
            Matcher m = CURSOR.matcher(plain);
            if (!m.matches()) {
                throw new IllegalArgumentException(plain);
            }
            long position = Long.parseLong(m.group(1));
            long size = Long.parseLong(m.group(2));
            long since = m.group(3) == null ? Long.MIN_VALUE : Long.parseLong(m.group(3));
            long before = m.group(4) == null ? Long.MAX_VALUE : Long.parseLong(m.group(4));
            if (size < 1 || size > SourceData.MAX_PAGE_SIZE || before <= since) {
                throw new IllegalArgumentException(plain);
            }
            return new Cursor(position, (int) size, new Window(since, before));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("cursor", "not a cursor of this source: \"" + cursor + "\"");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
