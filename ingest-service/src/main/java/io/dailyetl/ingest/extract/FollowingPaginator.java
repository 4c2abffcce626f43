package io.dailyetl.ingest.extract;

import io.dailyetl.ingest.config.IngestConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The styles in which the source says where the next page is (cursor, next link, Link header): the first request
 * carries the size parameter when both it and the page size are configured; later ones follow the source as it says.
 */
abstract class FollowingPaginator implements Paginator {

    protected final IngestConfig.Source config;
    protected final URI base;

    FollowingPaginator(IngestConfig.Source config, URI base) {
        this.config = config;
        this.base = base;
    }

    @Override
    public URI first() {
        List<String> params = new ArrayList<>();
        if (config.sizeParam().isPresent() && config.pageSize().isPresent()) {
            params.add(config.sizeParam().get());
            params.add(Integer.toString(config.pageSize().getAsInt()));
        }
        return SourceUris.withParams(base, params.toArray(String[]::new));
    }
}
