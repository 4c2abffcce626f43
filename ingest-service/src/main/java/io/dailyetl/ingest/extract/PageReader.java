package io.dailyetl.ingest.extract;

import io.dailyetl.ingest.clean.RecordScanner;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.trace.RunTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * Reads the source page by page, one page in memory at a time, walking it as the configured {@link Paginator}
 * says. It ends only where the style says the data ends (an empty page, no cursor, no next link); anything else
 * that stops it (an error, malformed JSON, a missing records array, a next URL that leaves the source,
 * {@code max-pages}) is a {@link SourceException}. Each page read is a client span ("source page") in the current
 * trace: the JDK HTTP client the source is read with is not instrumented.
 *
 * <p>A page is read in one pass of a streaming parser ({@link PageBody}): the records record by record with a
 * {@link RecordScanner}, everything else as the tree the paginator is given.
 */
public class PageReader {

    private final IngestConfig.Source config;
    private final SourceClient client;
    private final Paginator paginator;
    private final Tracer tracer;
    private final RecordScanner scanner;
    private final String[] recordsPath;
    private final String[] window;
    private URI next;
    private int pages;
    private boolean done;

    public PageReader(
            URI first, IngestConfig.Source config, SourceClient client, Tracer tracer, RecordScanner scanner) {
        this(first, config, new String[0], client, tracer, scanner);
    }

    /**
     * A reader whose every request carries the query parameters {@code window} (name, value, name, value…: an
     * incremental run's bounds): the first page's URL gets them, and a next link that lacks one gets it added, so
     * a source that forgets its filter in a link does not silently widen the pull.
     */
    public PageReader(
            URI first,
            IngestConfig.Source config,
            String[] window,
            SourceClient client,
            Tracer tracer,
            RecordScanner scanner) {
        this.window = window.clone();
        this.config = config;
        this.client = client;
        this.tracer = tracer;
        this.scanner = scanner;
        this.recordsPath = config.recordsPath().split("\\.");
        this.paginator = Paginator.of(config, SourceUris.withParams(first, this.window));
        this.next = paginator.first();
    }

    /** The next page with records, or null at the end of the data. */
    public Page next() {
        if (done) {
            return null;
        }
        if (pages >= config.maxPages()) {
            throw new SourceException("max-pages (" + config.maxPages()
                    + ") reached before the end of the data; next was " + client.said(next) + " (raise " + client.keys()
                    + ".max-pages if the source really is that long)");
        }
        URI uri = next;
        Span span = tracer.spanBuilder("source page")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", "GET")
                .setAttribute("url.full", client.said(uri))
                .setAttribute("ingest.page", pages + 1L)
                .startSpan();
        try (Scope ignored = RunTracer.makeCurrent(span)) {
            Page page = read(uri);
            span.setAttribute("ingest.page.records", page.records().size());
            return page.records().isEmpty() && paginator.emptyPageEnds() ? null : page;
        } catch (RuntimeException e) {
            RuntimeException said = withoutSecrets(e);
            span.recordException(said);
            span.setStatus(StatusCode.ERROR, said.getMessage() == null ? "" : said.getMessage());
            throw said;
        } finally {
            span.end();
        }
    }

    private Page read(URI uri) {
        HttpResponse<byte[]> response = client.get(uri);
        pages++;
        PageBody parsed;
        try {
            parsed = PageBody.read(response.body(), recordsPath, scanner);
        } catch (IOException e) {
            throw new SourceException(
                    "page " + pages + " (" + client.said(uri) + ") is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (parsed.body() == null || parsed.body().isMissingNode()) {
            throw new SourceException("page " + pages + " (" + client.said(uri) + ") has an empty body");
        }
        if (parsed.records() == null) {
            throw new SourceException("page " + pages + " (" + client.said(uri) + ") has no records array at \""
                    + config.recordsPath() + "\"");
        }
        Page page = new Page(pages, uri, parsed.records());
        next = paginator.next(page, parsed.body(), response.headers());
        done = next == null;
        if (!done) {
            next = SourceUris.withMissingParams(next, window);
        }
        return page;
    }

    /**
     * {@code e}, or, when its message would show one of the source's secrets (a next link that echoes an API key, an
     * error body that repeats it), a {@link SourceException} saying the same without them (and without the cause,
     * whose message has them).
     */
    private RuntimeException withoutSecrets(RuntimeException e) {
        String message = e.getMessage();
        String scrubbed = client.scrub(message);
        if (message == null || message.equals(scrubbed)) {
            return e;
        }
        return new SourceException(e instanceof SourceException s ? s.why() : SourceException.Why.ANSWERED, scrubbed);
    }

    /** Pages read so far. */
    public int pages() {
        return pages;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
