package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.ingest.config.IngestConfig;
import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * {@code pagination=cursor}: each page's body names the next cursor at {@code cursor-path}, sent back as
 * {@code cursor-param}; the data ends at a page without one (missing, null or blank).
 */
final class CursorPaginator extends FollowingPaginator {

    CursorPaginator(IngestConfig.Source config, URI base) {
        super(config, base);
    }

    @Override
    public URI next(Page page, JsonNode body, HttpHeaders headers) {
        String cursor = SourceUris.text(body, config.cursorPath());
        return cursor == null ? null : SourceUris.withParams(base, config.cursorParam(), cursor);
    }
}
