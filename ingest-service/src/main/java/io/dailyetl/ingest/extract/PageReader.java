package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.ingest.SourceJson;
import io.dailyetl.ingest.clean.RecordScanner;
import io.dailyetl.ingest.clean.SourceRecord;
import io.dailyetl.ingest.config.IngestConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the source page by page, one page in memory at a time, walking it as the configured {@link Paginator}
 * says. It ends only where the style says the data ends (an empty page, no cursor, no next link); anything else
 * that stops it (an error, malformed JSON, a missing records array, a next URL that leaves the source,
 * {@code max-pages}) is a {@link SourceException}. Each page read is a client span ("source page") in the current
 * trace: the JDK HTTP client the source is read with is not instrumented.
 *
 * <p>A page is read in one pass of a streaming parser: the records array (at {@code records-path}, or the body when
 * it is an array) record by record with a {@link RecordScanner}, everything else as a tree, which is the body the
 * paginator is given, the records array in it left empty (paginators read the records only through the page).
 */
public class PageReader {

    private final IngestConfig.Source config;
    private final SourceClient client;
    private final Paginator paginator;
    private final Tracer tracer;
    private final RecordScanner scanner;
    private final String[] recordsPath;
    private URI next;
    private int pages;
    private boolean done;

    public PageReader(IngestConfig.Source config, SourceClient client, Tracer tracer, RecordScanner scanner) {
        this.config = config;
        this.client = client;
        this.tracer = tracer;
        this.scanner = scanner;
        this.recordsPath = config.recordsPath().split("\\.");
        this.paginator = Paginator.of(config);
        this.next = paginator.first();
    }

    /** The next page with records, or null at the end of the data. */
    public Page next() {
        if (done) {
            return null;
        }
        if (pages >= config.maxPages()) {
            throw new SourceException("max-pages (" + config.maxPages() + ") reached before the end of the data; next was "
                    + next + " (raise ingest.source.max-pages if the source really is that long)");
        }
        URI uri = next;
        Span span = tracer.spanBuilder("source page").setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", "GET")
                .setAttribute("url.full", uri.toString())
                .setAttribute("ingest.page", pages + 1L)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Page page = read(uri);
            span.setAttribute("ingest.page.records", page.records().size());
            return page.records().isEmpty() && paginator.emptyPageEnds() ? null : page;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    private Page read(URI uri) {
        HttpResponse<byte[]> response = client.get(uri);
        pages++;
        byte[] bytes = response.body();
        Parsed parsed = new Parsed(bytes);
        try (JsonParser p = SourceJson.parser(bytes, 0, bytes.length)) {
            parsed.read(p);
        } catch (IOException e) {
            throw new SourceException("page " + pages + " (" + uri + ") is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (parsed.body == null || parsed.body.isMissingNode()) {
            throw new SourceException("page " + pages + " (" + uri + ") has an empty body");
        }
        Page page = new Page(pages, uri, parsed.records(uri));
        next = paginator.next(page, parsed.body, response.headers());
        done = next == null;
        return page;
    }

    /** Pages read so far. */
    public int pages() {
        return pages;
    }

    /**
     * One page as read: its body as a tree, but for the records array, read record by record into
     * {@code scanned} and left empty in the tree ({@code placeholder}). Where a key comes twice the tree keeps
     * the last value, as reading the page as a tree would; only the array read last can be the records then.
     */
    private final class Parsed {
        private final byte[] bytes;
        private JsonNode body;
        private ArrayNode placeholder;
        private List<SourceRecord> scanned;

        Parsed(byte[] bytes) {
            this.bytes = bytes;
        }

        void read(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t == null) {
                return;
            }
            body = switch (t) {
                case START_ARRAY -> records(p);
                case START_OBJECT -> object(p, 0);
                default -> SourceJson.mapper().readTree(p);
            };
        }

        /** The object starting at the current token, {@code level} steps down the records path. */
        private ObjectNode object(JsonParser p, int level) throws IOException {
            ObjectNode node = SourceJson.mapper().getNodeFactory().objectNode();
            boolean onPath = level < recordsPath.length;
            boolean last = level == recordsPath.length - 1;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                JsonNode child;
                if (onPath && last && value == JsonToken.START_ARRAY && name.equals(recordsPath[level])) {
                    child = records(p);
                } else if (onPath && !last && value == JsonToken.START_OBJECT && name.equals(recordsPath[level])) {
                    child = object(p, level + 1);
                } else {
                    child = SourceJson.mapper().readTree(p);
                }
                node.set(name, child);
            }
            return node;
        }

        /** Scans the records of the array starting at the current token; an empty array stands for them. */
        private ArrayNode records(JsonParser p) throws IOException {
            List<SourceRecord> list = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                list.add(scanner.scan(p, bytes));
            }
            scanned = list;
            placeholder = SourceJson.mapper().getNodeFactory().arrayNode();
            return placeholder;
        }

        /** The records, found in the body as reading the page as a tree would find them. */
        List<SourceRecord> records(URI uri) {
            JsonNode array = body;
            if (!body.isArray()) {
                for (String part : recordsPath) {
                    array = array.path(part);
                }
            }
            if (!array.isArray()) {
                throw new SourceException("page " + pages + " (" + uri + ") has no records array at \"" + config.recordsPath() + "\"");
            }
            if (array == placeholder) {
                return scanned;
            }
            List<SourceRecord> list = new ArrayList<>(array.size()); // not reached: every such array is scanned
            array.forEach(record -> list.add(SourceRecord.ofTree(record)));
            return list;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
