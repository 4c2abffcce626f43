package io.dailyetl.testing.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows of the docs that promise an answer, each under the key a test names in {@link Documents}:
 *
 * <ul>
 *   <li>{@code "http-api: POST /api/loads 409 conflict"}: a status row of docs/http-api.md, under the first path of
 *       its endpoint's heading (without the query), with the status cell as written less its backticks;
 *   <li>{@code "errors: 409 urn:daily-etl:conflict"}: a row of docs/errors.md, its status cell and the first type it
 *       names;
 *   <li>{@code "troubleshooting: <symptom>"}: a row of README's troubleshooting table, under its first cell as
 *       written.
 * </ul>
 *
 * The value of each key is the whole row, so a test can read the text it promises ({@link #quoted(String)}).
 */
public final class DocClaims {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern STATUS_ROW = Pattern.compile("^\\|\\s*(\\d{3}[^|]*?)\\s*\\|(.*)\\|\\s*$");

    private DocClaims() {}

    /** Every claim row by key, in page order. */
    public static Map<String, String> all() {
        Map<String, String> claims = new LinkedHashMap<>();
        claims.putAll(httpApi());
        claims.putAll(errors());
        claims.putAll(troubleshooting());
        return claims;
    }

    /** The row behind a key; fails if there is none, so a test cannot name a row that does not exist. */
    public static String row(String key) {
        String row = all().get(key);
        if (row == null) {
            throw new AssertionError("no row of the docs has the key \"" + key + "\"");
        }
        return row;
    }

    /** The texts the row quotes ("…"), which a test checks the answer shows (with {@link Docs#contains}). */
    public static List<String> quoted(String key) {
        List<String> quotes = new ArrayList<>();
        Matcher m = QUOTED.matcher(row(key));
        while (m.find()) {
            quotes.add(m.group(1));
        }
        return quotes;
    }

    static Map<String, String> httpApi() {
        Map<String, String> rows = new LinkedHashMap<>();
        String endpoint = null;
        for (String line : Docs.page("docs/http-api.md").split("\n")) {
            if (line.startsWith("#")) {
                Matcher code = CODE.matcher(line);
                endpoint = line.startsWith("####") && code.find()
                        ? code.group(1).replaceAll("\\?.*", "").strip()
                        : null;
                continue;
            }
            Matcher row = STATUS_ROW.matcher(line);
            if (endpoint != null && row.matches()) {
                rows.put("http-api: " + endpoint + " " + row.group(1).replace("`", ""), line);
            }
        }
        return rows;
    }

    static Map<String, String> errors() {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Docs.page("docs/errors.md").split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].strip().matches("\\d{3}.*")) {
                continue;
            }
            Matcher type = CODE.matcher(cells[2]);
            if (type.find()) {
                rows.put("errors: " + cells[1].strip() + " " + type.group(1), line);
            }
        }
        return rows;
    }

    static Map<String, String> troubleshooting() {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Docs.page("README.md").split("\n")) {
            if (line.startsWith("#")) {
                inTable = line.strip().equals("### Troubleshooting");
                continue;
            }
            if (inTable && line.startsWith("|") && !line.startsWith("|---") && !line.startsWith("| symptom")) {
                rows.put("troubleshooting: " + line.split("(?<!\\\\)\\|")[1].strip(), line);
            }
        }
        return rows;
    }
}
