package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.ingest.config.IngestConfig;
import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * One pagination style: where the first page is and, from each page read, where the next one is. The style is
 * chosen once per run from {@code ingest.source.pagination}; the reader asks it nothing else.
 */
interface Paginator {

    /** The first request of the run. */
    URI first();

    /**
     * The request after {@code page} (whose parsed body and response headers are given), or null when the style
     * says the data ends with this page. Throws {@link SourceException} when the page points somewhere it must not.
     */
    URI next(Page page, JsonNode body, HttpHeaders headers);

    /** Whether an empty page only marks the end of the data (then it is not handed out as a page). */
    default boolean emptyPageEnds() {
        return false;
    }

    /** The paginator for the configured style, from {@code base} (the source's URL with the run's own parameters). */
    static Paginator of(IngestConfig.Source config, URI base) {
        return switch (config.pagination()) {
            case PAGE -> new PageNumberPaginator(config, base);
            case OFFSET -> new OffsetPaginator(config, base);
            case CURSOR -> new CursorPaginator(config, base);
            case NEXT_LINK -> new NextLinkPaginator(config, base);
            case LINK_HEADER -> new LinkHeaderPaginator(config, base);
        };
    }
}
