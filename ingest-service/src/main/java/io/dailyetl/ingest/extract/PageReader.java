package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.ingest.SourceJson;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.config.IngestConfig.Pagination;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the source page by page in one of the five pagination styles of design 5.2, one page in memory at a
 * time. It ends only where the style says the data ends (an empty page, no cursor, no next link); anything
 * else that stops it (an error, malformed JSON, a missing records array, a next URL that leaves the source,
 * {@code max-pages}) is a {@link SourceException}.
 */
public class PageReader {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

    private final IngestConfig.Source config;
    private final SourceClient client;
    private final URI base;
    private URI next;
    private int pages;
    private long offset;
    private int pageValue;
    private boolean done;

    public PageReader(IngestConfig.Source config, SourceClient client) {
        this.config = config;
        this.client = client;
        this.base = URI.create(config.url());
        this.pageValue = config.startPage();
        this.next = firstUri();
    }

    /** The next page with records, or null at the end of the data. */
    public Page next() {
        if (done) {
            return null;
        }
        if (pages >= config.maxPages()) {
            throw new SourceException("max-pages (" + config.maxPages() + ") reached before the end of the data; next was "
                    + next + " (raise ingest.source.max-pages if the source really is that long)");
        }
        URI uri = next;
        HttpResponse<byte[]> response = client.get(uri);
        pages++;
        JsonNode body;
        try {
            body = SourceJson.readTree(response.body());
        } catch (IOException e) {
            throw new SourceException("page " + pages + " (" + uri + ") is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (body == null || body.isMissingNode()) {
            throw new SourceException("page " + pages + " (" + uri + ") has an empty body");
        }
        List<JsonNode> records = records(body, uri);
        switch (config.pagination()) {
            case PAGE -> {
                done = records.isEmpty();
                pageValue++;
                next = withParams(base, pageParams());
            }
            case OFFSET -> {
                done = records.isEmpty();
                offset += records.size();
                next = withParams(base, config.offsetParam(), Long.toString(offset), config.limitParam(), Integer.toString(pageSize()));
            }
            case CURSOR -> {
                String cursor = text(body, config.cursorPath());
                done = cursor == null;
                next = done ? null : withParams(base, config.cursorParam(), cursor);
            }
            case NEXT_LINK -> follow(uri, text(body, config.nextPath()));
            case LINK_HEADER -> follow(uri, nextLink(response.headers().allValues("Link")));
        }
        if (records.isEmpty() && (config.pagination() == Pagination.PAGE || config.pagination() == Pagination.OFFSET)) {
            return null;
        }
        return new Page(pages, uri, records);
    }

    /** Pages read so far. */
    public int pages() {
        return pages;
    }

    private URI firstUri() {
        return switch (config.pagination()) {
            case PAGE -> withParams(base, pageParams());
            case OFFSET -> withParams(base, config.offsetParam(), "0", config.limitParam(), Integer.toString(pageSize()));
            // cursor, next-link, link-header: page and size parameters, when set, go on the first request only
            default -> {
                List<String> params = new ArrayList<>();
                if (config.sizeParam().isPresent() && config.pageSize().isPresent()) {
                    params.add(config.sizeParam().get());
                    params.add(Integer.toString(config.pageSize().getAsInt()));
                }
                yield withParams(base, params.toArray(String[]::new));
            }
        };
    }

    private String[] pageParams() {
        return config.sizeParam().isPresent() && config.pageSize().isPresent()
                ? new String[] {config.pageParam(), Integer.toString(pageValue), config.sizeParam().get(),
                        Integer.toString(config.pageSize().getAsInt())}
                : new String[] {config.pageParam(), Integer.toString(pageValue)};
    }

    private int pageSize() {
        return config.pageSize().orElse(1000);
    }

    private void follow(URI current, String link) {
        if (link == null || link.isBlank()) {
            done = true;
            next = null;
            return;
        }
        URI target;
        try {
            target = current.resolve(link.trim());
        } catch (IllegalArgumentException e) {
            throw new SourceException("page " + pages + " (" + current + ") gives a next link that is not a URL: " + link);
        }
        if (!sameOrigin(base, target)) {
            throw new SourceException("refused to follow " + target + " from page " + pages
                    + ": it leaves the source " + base.getScheme() + "://" + base.getHost() + port(base));
        }
        next = target;
    }

    private List<JsonNode> records(JsonNode body, URI uri) {
        JsonNode array = body;
        if (!body.isArray()) {
            for (String part : config.recordsPath().split("\\.")) {
                array = array.path(part);
            }
        }
        if (!array.isArray()) {
            throw new SourceException("page " + pages + " (" + uri + ") has no records array at \"" + config.recordsPath() + "\"");
        }
        List<JsonNode> list = new ArrayList<>(array.size());
        array.forEach(list::add);
        return list;
    }

    /** The text at a dot path, or null when it is missing, null or blank. */
    private static String text(JsonNode body, String path) {
        JsonNode node = body;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String value = node.asText();
        return value.isBlank() ? null : value;
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

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String port(URI u) {
        return u.getPort() == -1 ? "" : ":" + u.getPort();
    }

    /** The URI with the given name/value query parameters set (replacing any of the same name). */
    static URI withParams(URI uri, String... nameValues) {
        if (nameValues.length == 0) {
            return uri;
        }
        StringBuilder query = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            names.add(nameValues[i]);
        }
        String existing = uri.getRawQuery();
        if (existing != null && !existing.isEmpty()) {
            for (String pair : existing.split("&")) {
                String name = URLDecoderSafe.name(pair);
                if (!names.contains(name)) {
                    query.append(query.length() == 0 ? "" : "&").append(pair);
                }
            }
        }
        for (int i = 0; i < nameValues.length; i += 2) {
            query.append(query.length() == 0 ? "" : "&")
                    .append(URLEncoder.encode(nameValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
        }
        String s = uri.toString();
        int q = s.indexOf('?');
        int hash = s.indexOf('#');
        String head = q >= 0 ? s.substring(0, q) : hash >= 0 ? s.substring(0, hash) : s;
        return URI.create(head + "?" + query);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Reads a query pair's name without failing on odd encodings. */
    private static final class URLDecoderSafe {
        static String name(String pair) {
            int eq = pair.indexOf('=');
            String raw = eq < 0 ? pair : pair.substring(0, eq);
            try {
                return java.net.URLDecoder.decode(raw, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return raw;
            }
        }
    }
}
