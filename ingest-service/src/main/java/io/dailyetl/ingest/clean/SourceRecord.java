package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.ingest.SourceJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One raw record of a page as {@link RecordScanner} read it. The common case, an object whose unmapped fields are
 * all storable, is kept as its five mapped fields (a small tree) and the byte
 * ranges of its other members ({@link #mapped()}, {@link #attributes()}). Anything else (not an object, or with
 * something the warehouse could not store) is cleaned from its whole tree ({@link #tree()}), as is every record
 * for its quarantined copy when it is rejected: the tree is read from the record's bytes when first asked
 * for, with {@link SourceJson} semantics.
 */
public final class SourceRecord {

    private final byte[] page;
    private final int start;
    private final int end;
    private final ObjectNode mapped;
    private final RawAttributes attributes;
    private final String watchedName;
    private final JsonNode watched;
    private JsonNode tree;

    private SourceRecord(
            byte[] page,
            int start,
            int end,
            ObjectNode mapped,
            RawAttributes attributes,
            String watchedName,
            JsonNode watched,
            JsonNode tree) {
        this.watchedName = watchedName;
        this.watched = watched;
        this.page = page;
        this.start = start;
        this.end = end;
        this.mapped = mapped;
        this.attributes = attributes;
        this.tree = tree;
    }

    /** A record known only as a tree. */
    public static SourceRecord ofTree(JsonNode tree) {
        return new SourceRecord(null, 0, 0, null, null, null, null, tree);
    }

    /** A plain object record: its mapped fields and the ranges of its other members. */
    static SourceRecord scanned(
            byte[] page,
            int start,
            int end,
            ObjectNode mapped,
            RawAttributes attributes,
            String watchedName,
            JsonNode watched) {
        return new SourceRecord(page, start, end, mapped, attributes, watchedName, watched, null);
    }

    /** A record to be cleaned from its tree, read from {@code page[start, end)} when needed. */
    static SourceRecord unsure(byte[] page, int start, int end) {
        return new SourceRecord(page, start, end, null, null, null, null, null);
    }

    /** The mapped fields of a plain record (only those present), or null when the record must be cleaned as a tree. */
    ObjectNode mapped() {
        return mapped;
    }

    /**
     * The value of a field of the record: a mapped one from {@link #mapped()}, the scanner's watched one as it kept
     * it, any other from the tree; null when the record (an object) has no such field or is not an object.
     */
    public JsonNode field(String name) {
        if (mapped != null) {
            JsonNode value = mapped.get(name);
            if (value != null) {
                return value;
            }
            if (name.equals(watchedName)) {
                return watched;
            }
        }
        JsonNode whole = tree();
        return whole.isObject() ? whole.get(name) : null;
    }

    /** The unmapped members of a plain record, or null. */
    RawAttributes attributes() {
        return attributes;
    }

    /** The whole record as {@link SourceJson#readTree} reads it (read from its bytes on first call). */
    public JsonNode tree() {
        if (tree == null) {
            try {
                tree = SourceJson.readTree(page, start, end - start);
            } catch (IOException e) {
                // the page these bytes are part of was read without error
                throw new UncheckedIOException("a record of a page read fine is unreadable alone", e);
            }
        }
        return tree;
    }
}
