package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.ingest.config.IngestConfig;
import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * {@code pagination=next-link}: each page's body gives the next page's URL at {@code next-path} (relative URLs
 * resolve against the page's own); the data ends at a page without one. A link that leaves the source is refused.
 */
final class NextLinkPaginator extends FollowingPaginator {

    NextLinkPaginator(IngestConfig.Source config, URI base) {
        super(config, base);
    }

    @Override
    public URI next(Page page, JsonNode body, HttpHeaders headers) {
        return SourceUris.follow(base, page, SourceUris.text(body, config.nextPath()));
    }
}
