package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.ingest.config.IngestConfig;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pagination=link-header}: each response names the next page in an RFC 8288 {@code Link} header with
 * {@code rel="next"}; the data ends at a response without one. A link that leaves the source is refused.
 */
final class LinkHeaderPaginator extends FollowingPaginator {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT =
            Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

    LinkHeaderPaginator(IngestConfig.Source config, URI base) {
        super(config, base);
    }

    @Override
    public URI next(Page page, JsonNode body, HttpHeaders headers) {
        return SourceUris.follow(base, page, nextLink(headers.allValues("Link")));
    }

    /** The target of the {@code rel="next"} link of RFC 8288 Link headers, or null. */
    static String nextLink(List<String> headers) {
        for (String header : headers) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher rel = REL_NEXT.matcher(link.group(2));
                while (rel.find()) {
                    for (String r : rel.group(1).trim().toLowerCase(Locale.ROOT).split("\\s+")) {
                        if (r.equals("next")) {
                            return link.group(1);
                        }
                    }
                }
            }
        }
        return null;
    }
}
