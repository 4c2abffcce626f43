package io.dailyetl.ingest.extract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.ingest.SourceJson;
import io.dailyetl.ingest.clean.RecordScanner;
import io.dailyetl.ingest.clean.SourceRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page read in one pass of a streaming parser, with {@link SourceJson} semantics: the records array (at the
 * records path, or the body itself when it is an array) record by record with a {@link RecordScanner}, everything
 * else as a tree. That tree is the body paginators are given, with the records array in it left empty: they see
 * the records only through the page. Where a key comes twice the tree keeps the last value, as
 * {@link SourceJson#readTree} would; then only the array read last can be the records.
 */
public final class PageBody {

    private final byte[] bytes;
    private final String[] recordsPath;
    private final RecordScanner scanner;
    private JsonNode body;
    private ArrayNode placeholder;
    private List<SourceRecord> scanned;

    private PageBody(byte[] bytes, String[] recordsPath, RecordScanner scanner) {
        this.bytes = bytes;
        this.recordsPath = recordsPath;
        this.scanner = scanner;
    }

    /** Reads a page; throws what {@link SourceJson#readTree} would throw for it. */
    public static PageBody read(byte[] bytes, String[] recordsPath, RecordScanner scanner) throws IOException {
        PageBody page = new PageBody(bytes, recordsPath, scanner);
        try (JsonParser p = SourceJson.parser(bytes, 0, bytes.length)) {
            JsonToken t = p.nextToken();
            if (t != null) {
                page.body = switch (t) {
                    case START_ARRAY -> page.records(p);
                    case START_OBJECT -> page.object(p, 0);
                    default -> SourceJson.mapper().readTree(p);
                };
            }
        }
        return page;
    }

    /** The body without its records (their array left empty); null when the page is empty. */
    JsonNode body() {
        return body;
    }

    /** The records, found in the body as reading the page as a tree would find them; null if there is no array. */
    public List<SourceRecord> records() {
        JsonNode array = body;
        if (!body.isArray()) {
            for (String part : recordsPath) {
                array = array.path(part);
            }
        }
        if (!array.isArray()) {
            return null;
        }
        if (array == placeholder) {
            return scanned;
        }
        List<SourceRecord> list = new ArrayList<>(array.size()); // not reached: every such array is scanned
        array.forEach(record -> list.add(SourceRecord.ofTree(record)));
        return list;
    }

    /** The object starting at the current token, {@code level} steps down the records path. */
    private ObjectNode object(JsonParser p, int level) throws IOException {
        ObjectNode node = SourceJson.mapper().getNodeFactory().objectNode();
        boolean onPath = level < recordsPath.length;
        boolean last = level == recordsPath.length - 1;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            JsonNode child;
            if (onPath && last && value == JsonToken.START_ARRAY && name.equals(recordsPath[level])) {
                child = records(p);
            } else if (onPath && !last && value == JsonToken.START_OBJECT && name.equals(recordsPath[level])) {
                child = object(p, level + 1);
            } else {
                child = SourceJson.mapper().readTree(p);
            }
            node.set(name, child);
        }
        return node;
    }

    /** Scans the records of the array starting at the current token; an empty array stands for them. */
    private ArrayNode records(JsonParser p) throws IOException {
        List<SourceRecord> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            list.add(scanner.scan(p, bytes));
        }
        scanned = list;
        placeholder = SourceJson.mapper().getNodeFactory().arrayNode();
        return placeholder;
    }
}
