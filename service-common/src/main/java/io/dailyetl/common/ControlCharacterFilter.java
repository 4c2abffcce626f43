package io.dailyetl.common;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Escapes line breaks and other control characters in every log message before a handler formats it, so a value
 * that came from a caller or the source (a source name, a run id, an error text, a recipient) can never start a
 * forged log line. A filter rather than escaping at each call: it covers every {@code Log.*} call, future ones too.
 * Configured per handler as {@code quarkus.log.console.filter=control-characters}. Escaping twice changes nothing,
 * so several handlers may share one record.
 */
@LoggingFilter(name = "control-characters")
public final class ControlCharacterFilter implements Filter {

    private static final SimpleFormatter PLAIN = new SimpleFormatter();

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getMessage() == null) {
            return true;
        }
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : PLAIN.formatMessage(record);
        String safe = escape(message);
        if (!safe.equals(record.getMessage()) || record.getParameters() != null) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(safe, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(safe);
            }
            record.setParameters(null);
        }
        return true;
    }

    /**
     * {@code text} with CR, LF, NEL, the Unicode line and paragraph separators and every other control character
     * (tabs excepted) written as escapes: {@code \r}, {@code \n}, {@code \}{@code u0085}…; the text itself when it has
     * none.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String replacement(char c) {
        if (c == '\r') {
            return "\\r";
        }
        if (c == '\n') {
            return "\\n";
        }
        if (c == '\t') {
            return null;
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
