package io.dailyetl.ingest.extract;

import io.dailyetl.ingest.config.IngestConfig;
import java.net.URI;

/**
 * {@code pagination=page}: asks for page {@code start-page}, then the next page number, until a page comes back
 * empty. The size parameter, when configured, goes on every request.
 */
final class PageNumberPaginator extends CountingPaginator {

    private final IngestConfig.Source config;
    private final URI base;
    private int pageValue;

    PageNumberPaginator(IngestConfig.Source config, URI base) {
        this.config = config;
        this.base = base;
        this.pageValue = config.startPage();
    }

    @Override
    protected void advancePast(Page page) {
        pageValue++;
    }

    @Override
    protected URI request() {
        return config.sizeParam().isPresent() && config.pageSize().isPresent()
                ? SourceUris.withParams(
                        base,
                        config.pageParam(),
                        Integer.toString(pageValue),
                        config.sizeParam().get(),
                        Integer.toString(config.pageSize().getAsInt()))
                : SourceUris.withParams(base, config.pageParam(), Integer.toString(pageValue));
    }
}
