package io.dailyetl.warehouse.load;

import java.nio.charset.StandardCharsets;

/**
 * Renders validated records as PostgreSQL COPY text (UTF-8, tab-separated, one line a record, with backslash, tab,
 * newline and carriage return escaped), in the staging column order {@code seq, pos, id, user_id, amount, status,
 * created_at, attributes}.
 */
final class CopyEncoder extends ByteSink {

    CopyEncoder(int capacity) {
        super(capacity);
    }

    /**
     * Appends one record's line; {@code amount} and {@code createdAt} are the validator's normalised forms, and
     * {@code attributes} the record's compact JSON, or null for none (staged as {@code {}}).
     */
    void row(int seq, int pos, String id, String userId, String amount, String status, String createdAt,
            ByteSink attributes) {
        number(seq).tab().number(pos).tab();
        text(id).tab();
        text(userId).tab();
        ascii(amount).tab();
        text(status).tab();
        text(createdAt).tab();
        if (attributes != null) {
            json(attributes);
        } else {
            ascii("{}");
        }
        write('\n');
    }

    private CopyEncoder tab() {
        write('\t');
        return this;
    }

    private CopyEncoder number(int n) {
        return ascii(Integer.toString(n));
    }

    /** Text known to be ASCII with nothing to escape (numbers, timestamps). */
    private CopyEncoder ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Any text as a COPY column: ASCII without specials is copied as is; anything else goes the long way. */
    CopyEncoder text(String s) {
        int n = s.length();
        ensure(n);
        int start = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                len = start;
                byte[] utf8 = escaped(s).getBytes(StandardCharsets.UTF_8);
                write(utf8, 0, utf8.length);
                return this;
            }
            buf[len++] = (byte) c;
        }
        return this;
    }

    /**
     * Compact JSON (as Jackson writes it) as a COPY column: only its backslashes need doubling, since control
     * characters inside JSON strings are already escaped and UTF-8 continuation bytes are never a backslash.
     */
    void json(ByteSink json) {
        byte[] src = json.buf;
        int n = json.len;
        ensure(n * 2);
        for (int i = 0; i < n; i++) {
            byte b = src[i];
            buf[len++] = b;
            if (b == '\\') {
                buf[len++] = b;
            }
        }
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
