package io.dailyetl.demo.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An append-only byte store for rendered JSON, in chunks of {@value #CHUNK} bytes so that hundreds of megabytes
 * grow without one huge array being copied. Strings are written as JSON strings (escaped, UTF-8).
 * Not thread-safe while written; read-only (and so thread-safe) afterwards.
 */
final class JsonBytes {

    private static final int CHUNK_BITS = 20;
    static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[][] chunks = new byte[16][];
    private int chunkCount;
    private byte[] current;
    private int pos;
    private long size;

    JsonBytes() {
        newChunk();
    }

    private void newChunk() {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        current = new byte[CHUNK];
        chunks[chunkCount++] = current;
        pos = 0;
    }

    /** Bytes written so far. */
    long size() {
        return size;
    }

    void write(int b) {
        if (pos == CHUNK) {
            newChunk();
        }
        current[pos++] = (byte) b;
        size++;
    }

    /** Writes text known to be ASCII (field names, numbers, timestamps) as it is. */
    void ascii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            write(s.charAt(i));
        }
    }

    void number(long value) {
        ascii(Long.toString(value));
    }

    /** Writes {@code s} as a JSON string: quoted, escaped, UTF-8. */
    void string(String s) {
        write('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                write('\\');
                write(c);
            } else if (c < 0x20) {
                write('\\');
                write('u');
                write('0');
                write('0');
                write(HEX[c >> 4]);
                write(HEX[c & 0xF]);
            } else if (c < 0x80) {
                write(c);
            } else {
                int cp = Character.codePointAt(s, i);
                if (Character.isSupplementaryCodePoint(cp)) {
                    i++;
                }
                utf8(cp);
            }
        }
        write('"');
    }

    private void utf8(int cp) {
        if (cp < 0x800) {
            write(0xC0 | (cp >> 6));
            write(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            write(0xE0 | (cp >> 12));
            write(0x80 | ((cp >> 6) & 0x3F));
            write(0x80 | (cp & 0x3F));
        } else {
            write(0xF0 | (cp >> 18));
            write(0x80 | ((cp >> 12) & 0x3F));
            write(0x80 | ((cp >> 6) & 0x3F));
            write(0x80 | (cp & 0x3F));
        }
    }

    /** Copies {@code length} bytes starting at {@code from} into {@code target} at {@code at}. */
    void copy(long from, byte[] target, int at, int length) {
        int chunk = (int) (from >>> CHUNK_BITS);
        int offset = (int) (from & MASK);
        while (length > 0) {
            int n = Math.min(length, CHUNK - offset);
            System.arraycopy(chunks[chunk], offset, target, at, n);
            at += n;
            length -= n;
            chunk++;
            offset = 0;
        }
    }
}
