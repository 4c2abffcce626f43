package io.dailyetl.demo.data;

/** The records one request pages through, in the order they are served. */
public interface Records {

    /** How many records there are. */
    int size();

    /**
     * One page's body: {@code prefix}, the records {@code [from, to)} separated by commas, {@code suffix}.
     * Indexes are clamped to the records, so a range past the end gives an empty list.
     */
    byte[] body(byte[] prefix, long from, long to, byte[] suffix);

    /** How many records {@link #body} serves for {@code [from, to)} ({@code from >= 0}). */
    default long count(long from, long to) {
        return Math.max(0, Math.min(to, size()) - Math.min(from, size()));
    }
}
