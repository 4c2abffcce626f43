package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.ingest.config.IngestConfig;

import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * {@code pagination=page}: asks for page {@code start-page}, then the next page number, until a page comes back
 * empty. The size parameter, when configured, goes on every request.
 */
final class PageNumberPaginator implements Paginator {

    private final IngestConfig.Source config;
    private final URI base;
    private int pageValue;

    PageNumberPaginator(IngestConfig.Source config, URI base) {
        this.config = config;
        this.base = base;
        this.pageValue = config.startPage();
    }

    @Override
    public URI first() {
        return request();
    }

    @Override
    public URI next(Page page, JsonNode body, HttpHeaders headers) {
        if (page.records().isEmpty()) {
            return null;
        }
        pageValue++;
        return request();
    }

    @Override
    public boolean emptyPageEnds() {
        return true;
    }

    private URI request() {
        return config.sizeParam().isPresent() && config.pageSize().isPresent()
                ? SourceUris.withParams(base, config.pageParam(), Integer.toString(pageValue), config.sizeParam().get(),
                        Integer.toString(config.pageSize().getAsInt()))
                : SourceUris.withParams(base, config.pageParam(), Integer.toString(pageValue));
    }
}
