package io.dailyetl.warehouse.staging;

/** The UTF-8 PostgreSQL accepts (RFC 3629): shortest forms only, no surrogates, nothing past U+10FFFF. */
final class Utf8 {

    private Utf8() {}

    /** Whether bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code b} are well-formed UTF-8. */
    static boolean wellFormed(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            int n; // continuation bytes
            int min; // least code point of this length (shorter forms are overlong)
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                return false; // a continuation byte, an overlong two-byte lead (C0, C1) or past U+10FFFF (F5-FF)
            }
            if (i + n >= to) {
                return false; // cut short
            }
            int cp = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int cont = b[i + k] & 0xFF;
                if ((cont & 0xC0) != 0x80) {
                    return false;
                }
                cp = cp << 6 | cont & 0x3F;
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }
}
