package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The URI work the paginators share: setting query parameters, reading a value at a dot path of a page, and
 * following a next link only while it stays on the source's scheme, host and port.
 */
final class SourceUris {

    private SourceUris() {}

    /** The text at a dot path, or null when it is missing, null or blank. */
    static String text(JsonNode body, String path) {
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

    /**
     * Where a next link given by {@code page} leads, resolved against the page's URL; null when there is no link
     * (the data ends). A link that is not a URL, or that leaves the source, fails the run.
     */
    static URI follow(URI base, Page page, String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        URI target;
        try {
            target = page.uri().resolve(link.trim());
        } catch (IllegalArgumentException e) {
            throw new SourceException(
                    "page " + page.number() + " (" + page.uri() + ") gives a next link that is not a URL: " + link);
        }
        if (!sameOrigin(base, target)) {
            throw new SourceException("refused to follow " + target + " from page " + page.number()
                    + ": it leaves the source " + base.getScheme() + "://" + base.getHost() + port(base));
        }
        return target;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
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
                String name = paramName(pair);
                if (!names.contains(name)) {
                    query.append(query.length() == 0 ? "" : "&").append(pair);
                }
            }
        }
        for (int i = 0; i < nameValues.length; i += 2) {
            query.append(query.length() == 0 ? "" : "&")
                    .append(URLEncoder.encode(nameValues[i], StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
        }
        String s = uri.toString();
        int q = s.indexOf('?');
        int hash = s.indexOf('#');
        String head = q >= 0 ? s.substring(0, q) : hash >= 0 ? s.substring(0, hash) : s;
        return URI.create(head + "?" + query);
    }

    /** The URI with those of the name/value query parameters it does not have yet added (the ones it has kept). */
    static URI withMissingParams(URI uri, String... nameValues) {
        List<String> missing = new ArrayList<>();
        List<String> present = new ArrayList<>();
        String existing = uri.getRawQuery();
        if (existing != null && !existing.isEmpty()) {
            for (String pair : existing.split("&")) {
                present.add(paramName(pair));
            }
        }
        for (int i = 0; i < nameValues.length; i += 2) {
            if (!present.contains(nameValues[i])) {
                missing.add(nameValues[i]);
                missing.add(nameValues[i + 1]);
            }
        }
        return withParams(uri, missing.toArray(String[]::new));
    }

    /** A query pair's name, decoded when it can be (an odd encoding is compared as it is written). */
    private static String paramName(String pair) {
        int eq = pair.indexOf('=');
        String raw = eq < 0 ? pair : pair.substring(0, eq);
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
