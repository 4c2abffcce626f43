package io.dailyetl.warehouse.load;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that is also an {@link OutputStream}: a batch's COPY text is written into one directly,
 * without going through StringBuilder and String.
 */
class ByteSink extends OutputStream {

    byte[] buf;
    int len;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) {
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
