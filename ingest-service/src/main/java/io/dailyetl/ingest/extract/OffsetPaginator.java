package io.dailyetl.ingest.extract;

import io.dailyetl.ingest.config.IngestConfig;
import java.net.URI;

/**
 * {@code pagination=offset}: asks for {@code limit} records from offset 0, then from past the records received so
 * far, until a page comes back empty. Without a configured page size the limit is 1000.
 */
final class OffsetPaginator extends CountingPaginator {

    private static final int DEFAULT_LIMIT = 1000;

    private final IngestConfig.Source config;
    private final URI base;
    private long offset;

    OffsetPaginator(IngestConfig.Source config, URI base) {
        this.config = config;
        this.base = base;
    }

    @Override
    protected void advancePast(Page page) {
        offset += page.records().size();
    }

    @Override
    protected URI request() {
        return SourceUris.withParams(
                base,
                config.offsetParam(),
                Long.toString(offset),
                config.limitParam(),
                Integer.toString(config.pageSize().orElse(DEFAULT_LIMIT)));
    }
}
