package io.dailyetl.warehouse.staging;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * A record's text field (id, user id, status) read without a String: its COPY text, written straight from the
 * parser's characters, and what {@link RecordValidator#text} asks of it, found in the same pass.
 */
final class TextValue {

    final CopyEncoder copy = new CopyEncoder(64);
    boolean present;
    int length;
    boolean blank;
    boolean nul;

    /** Forgets the value, as for a field that is absent or JSON null. */
    void clear() {
        present = false;
    }

    /** Reads the parser's current string value. */
    void read(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        length = p.getTextLength();
        present = true;
        blank = true;
        nul = false;
        for (int i = offset, end = offset + length; i < end; i++) {
            char c = chars[i];
            if (c == '\0') {
                nul = true;
            }
            if (blank && !Character.isWhitespace(c)) {
                blank = false;
            }
        }
        copy.reset();
        copy.text(chars, offset, length);
    }
}
