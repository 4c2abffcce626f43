package io.dailyetl.warehouse.staging;

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
     * Appends one record's line; the text columns are already COPY text, {@code amount} and {@code createdAt} are
     * the validator's normalised forms, and
     * the record's attributes are the JSON text from {@code attributesFrom} to {@code attributesTo} of
     * {@code body}, or none (staged as {@code {}}) when {@code attributesFrom} is negative.
     */
    void row(
            int seq,
            int pos,
            TextValue id,
            TextValue userId,
            String amount,
            TextValue status,
            String createdAt,
            byte[] body,
            int attributesFrom,
            int attributesTo) {
        number(seq).tab().number(pos).tab();
        append(id.copy).tab();
        append(userId.copy).tab();
        ascii(amount).tab();
        append(status.copy).tab();
        text(createdAt).tab();
        if (attributesFrom >= 0) {
            json(body, attributesFrom, attributesTo);
        } else {
            ascii("{}");
        }
        write('\n');
    }

    private CopyEncoder append(ByteSink column) {
        write(column.buf, 0, column.len);
        return this;
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

    /** {@link #text(String)} for {@code n} characters of {@code chars} from {@code offset}. */
    CopyEncoder text(char[] chars, int offset, int n) {
        ensure(n);
        int start = len;
        for (int i = offset, end = offset + n; i < end; i++) {
            char c = chars[i];
            if (c >= 0x80 || escape(c) != 0) {
                len = start;
                return text(new String(chars, offset, n));
            }
            buf[len++] = (byte) c;
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
            if (c >= 0x80 || escape(c) != 0) {
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
     * JSON text as it was sent (UTF-8, validated) as a COPY column: its backslashes doubled and the whitespace it may
     * have between tokens (newline, tab, carriage return) escaped, which PostgreSQL reads back as the same whitespace.
     * Inside JSON strings these are always escaped already, and UTF-8 continuation bytes are never ASCII.
     */
    void json(byte[] src, int from, int to) {
        ensure((to - from) * 2);
        byte[] out = buf;
        int n = len;
        for (int i = from; i < to; i++) {
            byte b = src[i];
            char escape = escape(b);
            if (escape != 0) {
                out[n++] = '\\';
                out[n++] = (byte) escape;
            } else {
                out[n++] = b;
            }
        }
        len = n;
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char escape = escape(c);
            if (escape != 0) {
                out.append('\\').append(escape);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The letter COPY text writes after a backslash for {@code c} (backslash, tab, newline or carriage return), or 0
     * for a character that stands for itself.
     */
    private static char escape(int c) {
        return switch (c) {
            case '\\' -> '\\';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\r' -> 'r';
            default -> 0;
        };
    }
}
