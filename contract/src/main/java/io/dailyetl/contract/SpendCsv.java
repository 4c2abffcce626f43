package io.dailyetl.contract;

/**
 * RFC 4180 CSV cells for the per-user spend CSV (the warehouse export and the emailed report). A cell that a spreadsheet would run as a formula (starting with
 * {@code = + - @}, tab or carriage return) is neutralised with a leading apostrophe; a cell with a comma,
 * quote or line break is quoted, quotes doubled.
 */
public final class SpendCsv {

    public static final String HEADER = "user_id,total_spent\r\n";

    private SpendCsv() {}

    public static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
