package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * The styles in which the reader counts its way through the source (page numbers, offsets): each page is asked for
 * by a position the reader keeps, and the first empty page marks the end of the data.
 */
abstract class CountingPaginator implements Paginator {

    @Override
    public URI first() {
        return request();
    }

    @Override
    public URI next(Page page, JsonNode body, HttpHeaders headers) {
        if (page.records().isEmpty()) {
            return null;
        }
        advancePast(page);
        return request();
    }

    @Override
    public boolean emptyPageEnds() {
        return true;
    }

    /** Moves the position past a page with records. */
    protected abstract void advancePast(Page page);

    /** The request for the current position. */
    protected abstract URI request();
}
