package io.dailyetl.ingest.clean;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A clean record's attributes as the source wrote them: the unmapped members of the record ({@code "name":value},
 * whitespace inside included), each a range of the page's bytes, already judged storable by {@link RecordScanner}.
 * Written out, they are the attributes object {@code {member,member,...}}, with no tree built and no value
 * generated again. It keeps the page's bytes alive as long as it lives (a batch is written while its page is).
 */
public final class RawAttributes {

    private final byte[] source;
    private final int[] bounds;
    private final int count;

    /** {@code count} members, the i-th being {@code source[bounds[2i], bounds[2i+1])}. */
    RawAttributes(byte[] source, int[] bounds, int count) {
        this.source = source;
        this.bounds = bounds;
        this.count = count;
    }

    /** How many members there are. */
    public int size() {
        return count;
    }

    /** Writes the attributes object, {@code {}} when there are none. */
    public void writeTo(OutputStream out) throws IOException {
        out.write('{');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(source, bounds[2 * i], bounds[2 * i + 1] - bounds[2 * i]);
        }
        out.write('}');
    }

    /** The attributes object as UTF-8 JSON. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by a ByteArrayOutputStream
        }
        return out.toByteArray();
    }
}
