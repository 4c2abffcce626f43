package io.dailyetl.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.BitSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.SplittableRandom;

/**
 * A deterministic paginated source API for benchmarks, on the JDK's {@link HttpServer} (loopback, a free port, a
 * fixed pool of {@value #THREADS} threads).
 *
 * <p>{@code GET /api/transactions?page=N} (page style, 1-based) answers {@code {"results":[…]}} with
 * {@code pageSize} records per page (the last page may be shorter); every page after the last answers
 * {@code {"results":[]}}. Records look like
 * {@code {"id":"tx-<k>","user_id":"u<k % 20000>","amount":"12.34","status":"active","created_at":"2026-11-19T10:00:00Z","channel":"web"}}
 * with, from a fixed seed:
 * <ul>
 *   <li>amounts 0.01..500.00 as strings with 2 decimals; created_at within 2026-11-16..2026-11-23 (UTC, {@code Z});</li>
 *   <li>status {@code refunded} for ~10 % of ids, else {@code active}, written {@code " Active "} or
 *       {@code "Active"} in ~5 % of records (the cleaner trims and lower-cases them);</li>
 *   <li>~10 % of records repeat an id first seen on an <em>earlier</em> page, with a changed amount (same user,
 *       status and created_at): the later one wins;</li>
 *   <li>~1 % of records are dirty and must be rejected: half have an amount with a decimal comma
 *       ({@code "12,50"}), half an impossible created_at ({@code "2026-02-30T12:00:00Z"}).</li>
 * </ul>
 * Every page's bytes are rendered when the source is generated (about 125 bytes a record), so serving a page is a
 * plain write of a byte array and the source is never the bottleneck.
 *
 * <p>{@link #expected()} gives what a correct run must report (design 3.2): fetched N, rejected R, duplicates D
 * (counted among clean records only: every clean occurrence of an id but its last), loaded = N − R − D (the
 * distinct ids with at least one clean occurrence).
 */
final class SyntheticSource implements AutoCloseable {

    static final String PATH = "/api/transactions";
    static final int THREADS = 3;

    private static final long SEED = 20261123L;
    private static final int USERS = 20_000;
    private static final long WEEK_START = Instant.parse("2026-11-16T00:00:00Z").getEpochSecond();
    private static final int WEEK_SECONDS = 7 * 24 * 3600;
    private static final double DUPLICATES = 0.10;
    private static final double DIRTY = 0.01;
    private static final byte[] EMPTY = "{\"results\":[]}".getBytes(StandardCharsets.US_ASCII);

    /** What a correct run over this source reports. */
    record Expected(long fetched, long rejected, long duplicates, long loaded) {
    }

    private final int records;
    private final int pageSize;
    private final byte[][] pages;
    private final long bytes;
    private final Expected expected;
    private final int distinctIds;
    private final int dirtyAmounts;
    private final int dirtyDates;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesServed = new AtomicLong();
    private final AtomicInteger highestPage = new AtomicInteger();
    private final AtomicLong errors = new AtomicLong();
    private HttpServer server;
    private ExecutorService pool;

    private SyntheticSource(int records, int pageSize, byte[][] pages, Expected expected, int distinctIds,
            int dirtyAmounts, int dirtyDates) {
        this.records = records;
        this.pageSize = pageSize;
        this.pages = pages;
        long total = 0;
        for (byte[] page : pages) {
            total += page.length;
        }
        this.bytes = total;
        this.expected = expected;
        this.distinctIds = distinctIds;
        this.dirtyAmounts = dirtyAmounts;
        this.dirtyDates = dirtyDates;
    }

    /** Generates and renders {@code records} records in pages of {@code pageSize}; deterministic. */
    static SyntheticSource generate(int records, int pageSize) {
        SplittableRandom random = new SplittableRandom(SEED);
        int pageCount = (records + pageSize - 1) / pageSize;
        byte[][] pages = new byte[pageCount][];
        // per id k (ids are numbered in order of first appearance)
        int[] createdOffset = new int[records];
        int[] lastCents = new int[records];
        BitSet refunded = new BitSet(records);
        BitSet cleanSeen = new BitSet(records);
        int distinct = 0;
        long rejected = 0;
        long clean = 0;
        int dirtyAmounts = 0;
        int dirtyDates = 0;
        StringBuilder sb = new StringBuilder(pageSize * 160);
        for (int p = 0; p < pageCount; p++) {
            int distinctBeforePage = distinct; // duplicates repeat ids of earlier pages only
            int from = p * pageSize;
            int to = Math.min(records, from + pageSize);
            sb.setLength(0);
            sb.append("{\"results\":[");
            for (int r = from; r < to; r++) {
                int cents = 1 + random.nextInt(50_000); // 0.01 .. 500.00
                int k;
                if (distinctBeforePage > 0 && random.nextDouble() < DUPLICATES) {
                    k = random.nextInt(distinctBeforePage);
                    if (cents == lastCents[k]) {
                        cents = cents % 50_000 + 1; // a repeat always changes the amount
                    }
                } else {
                    k = distinct++;
                    createdOffset[k] = random.nextInt(WEEK_SECONDS);
                    if (random.nextInt(10) == 0) {
                        refunded.set(k);
                    }
                }
                lastCents[k] = cents;
                int dirt = random.nextDouble() < DIRTY ? 1 + random.nextInt(2) : 0; // 1: amount, 2: created_at
                int spelling = random.nextInt(100);

                if (r > from) {
                    sb.append(',');
                }
                sb.append("{\"id\":\"tx-").append(k)
                        .append("\",\"user_id\":\"u").append(k % USERS)
                        .append("\",\"amount\":\"");
                appendAmount(sb, cents, dirt == 1 ? ',' : '.');
                sb.append("\",\"status\":\"");
                if (refunded.get(k)) {
                    sb.append("refunded");
                } else if (spelling < 3) {
                    sb.append(" Active ");
                } else if (spelling < 5) {
                    sb.append("Active");
                } else {
                    sb.append("active");
                }
                sb.append("\",\"created_at\":\"");
                if (dirt == 2) {
                    // an impossible date: February 30th or 31st
                    sb.append("2026-02-").append(30 + (k & 1)).append("T12:00:00Z");
                } else {
                    sb.append(Instant.ofEpochSecond(WEEK_START + createdOffset[k]));
                }
                sb.append("\",\"channel\":\"web\"}");

                if (dirt != 0) {
                    rejected++;
                    if (dirt == 1) {
                        dirtyAmounts++;
                    } else {
                        dirtyDates++;
                    }
                } else {
                    clean++;
                    cleanSeen.set(k);
                }
            }
            sb.append("]}");
            pages[p] = sb.toString().getBytes(StandardCharsets.US_ASCII);
        }
        long loaded = cleanSeen.cardinality();
        long duplicates = clean - loaded;
        return new SyntheticSource(records, pageSize,
                pages, new Expected(records, rejected, duplicates, loaded), distinct, dirtyAmounts, dirtyDates);
    }

    private static void appendAmount(StringBuilder sb, int cents, char separator) {
        int rest = cents % 100;
        sb.append(cents / 100).append(separator);
        if (rest < 10) {
            sb.append('0');
        }
        sb.append(rest);
    }

    /** Serves the pages on 127.0.0.1, a free port. */
    SyntheticSource start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "synthetic-source");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext(PATH, this::handle);
        server.start();
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            requests.incrementAndGet();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                answer(exchange, 404, "{\"error\":\"no such path\"}");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                answer(exchange, 405, "{\"error\":\"GET only\"}");
                return;
            }
            int page = page(exchange.getRequestURI());
            if (page < 1) {
                answer(exchange, 400, "{\"error\":\"page must be an integer >= 1\"}");
                return;
            }
            highestPage.accumulateAndGet(page, Math::max);
            byte[] body = page <= pages.length ? pages[page - 1] : EMPTY;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            bytesServed.addAndGet(body.length);
        } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
            throw e;
        }
    }

    private void answer(HttpExchange exchange, int status, String json) throws IOException {
        errors.incrementAndGet();
        byte[] body = json.getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The {@code page} query parameter (1 when absent), or -1 if it is not a positive integer. */
    private static int page(URI uri) {
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return 1;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("page=")) {
                try {
                    return Integer.parseInt(pair.substring("page=".length()));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return 1;
    }

    /** The first page's URL, for {@code ingest.source.url} (page style: ingest adds {@code ?page=N}). */
    URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + PATH);
    }

    Expected expected() {
        return expected;
    }

    int records() {
        return records;
    }

    int pageSize() {
        return pageSize;
    }

    /** Pages with records (the empty page that ends the data not counted). */
    int pages() {
        return pages.length;
    }

    /** Bytes of JSON of all pages with records. */
    long bytes() {
        return bytes;
    }

    /** Ids that appear at all (clean or not). */
    int distinctIds() {
        return distinctIds;
    }

    int dirtyAmounts() {
        return dirtyAmounts;
    }

    int dirtyDates() {
        return dirtyDates;
    }

    /** Requests answered so far (any path, any status). */
    long requests() {
        return requests.get();
    }

    long bytesServed() {
        return bytesServed.get();
    }

    /** Requests answered with an error status, or that failed while answering. */
    long errors() {
        return errors.get();
    }

    int highestPageRequested() {
        return highestPage.get();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool = null;
        }
    }
}
