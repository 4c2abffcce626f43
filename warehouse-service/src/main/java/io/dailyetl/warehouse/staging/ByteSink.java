package io.dailyetl.warehouse.staging;

import java.util.Arrays;

/**
 * A growable byte buffer: a batch's COPY text is written into one directly, without going through StringBuilder and
 * String.
 */
class ByteSink {

    byte[] buf;
    int len;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    void write(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    void write(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    void reset() {
        len = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Makes room for {@code n} more bytes. */
    final void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
