package io.dailyetl.contract;

import java.util.regex.Pattern;

/**
 * The limits a record and a load must respect on the wire, applied by ingest's cleaner (a reject with a reason)
 * and by the warehouse (a 400 naming the field). Amounts have their own rule, {@link Amounts}.
 */
public final class FieldLimits {

    /** Longest {@code id}, {@code userId} and {@code status}, in characters. */
    public static final int MAX_TEXT = 256;

    /** Longest reason of a rejected record, in characters. */
    public static final int MAX_REASON = 2000;

    /** A source name: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private FieldLimits() {}
}
