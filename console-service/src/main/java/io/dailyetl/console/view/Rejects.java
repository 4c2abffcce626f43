package io.dailyetl.console.view;

import io.dailyetl.warehouseclient.LoadsClient;
import io.dailyetl.warehouseclient.RejectPage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A load's quarantined rejects as the console shows them, read from the warehouse with the reader token: a page at a
 * time on a run's page, or all of them as CSV, streamed a warehouse page at a time.
 */
@ApplicationScoped
public class Rejects {

    /** How many rejects a run's page shows at a time. */
    public static final int PAGE = 50;

    /** How many rejects the CSV reads from the warehouse at a time (its largest page). */
    static final int CSV_PAGE = 1000;

    /** The CSV's header line. */
    public static final String CSV_HEADER = "seq,position,page,field,reason,raw\r\n";

    private final LoadsClient loads;

    Rejects(LoadsClient loads) {
        this.loads = loads;
    }

    /** Page {@code page} (from 1) of the load's rejects; empty if the warehouse knows no such load. */
    public Optional<RejectRows> page(UUID loadId, int page) {
        long offset = (long) (page - 1) * PAGE;
        return loads.rejects(loadId, PAGE, offset)
                .map(p -> new RejectRows(
                        Display.count(p.total()),
                        p.total(),
                        page,
                        page > 1,
                        offset + p.rejects().size() < p.total(),
                        p.rejects().stream().map(Rejects::row).toList()));
    }

    /**
     * The first page the CSV of the load's rejects starts with; empty if the warehouse knows no such load. Read before
     * the answer starts, so that a missing load or an absent warehouse is answered as a page, not a cut-off file.
     */
    public Optional<RejectPage> first(UUID loadId) {
        return loads.rejects(loadId, CSV_PAGE, 0);
    }

    /** Writes every reject of the load as CSV: the header, {@code first}, then each further page as it is read. */
    public void csv(UUID loadId, RejectPage first, Writer out) throws IOException {
        out.write(CSV_HEADER);
        RejectPage page = first;
        long written = 0;
        while (true) {
            for (RejectPage.Item item : page.rejects()) {
                out.write(csvLine(item));
            }
            written += page.rejects().size();
            out.flush();
            if (page.rejects().isEmpty() || written >= page.total()) {
                return;
            }
            page = loads.rejects(loadId, CSV_PAGE, written).orElse(null);
            if (page == null) {
                return; // the load went away while it was read (aborted): what was read is all there is
            }
        }
    }

    static String csvLine(RejectPage.Item item) {
        return String.join(
                        ",",
                        Integer.toString(item.seq()),
                        Integer.toString(item.position()),
                        item.page() == null ? "" : item.page().toString(),
                        csv(field(item.reason())),
                        csv(item.reason()),
                        csv(item.raw() == null ? "" : item.raw().toString()))
                + "\r\n";
    }

    /**
     * A CSV field (RFC 4180): quoted, its quotes doubled, when it holds a comma, a quote or a line break. A value from
     * the source that a spreadsheet would take for a formula (it starts with {@code = + - @}, a tab or a carriage
     * return) is led by an apostrophe, so that opening the file runs nothing.
     */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    /** The field a reason names ({@code amount: not a number} names {@code amount}); empty if it names none. */
    static String field(String reason) {
        if (reason == null) {
            return "";
        }
        int colon = reason.indexOf(": ");
        return colon > 0 ? reason.substring(0, colon) : "";
    }

    private static RejectRow row(RejectPage.Item item) {
        return new RejectRow(
                item.seq(),
                item.position(),
                item.page() == null ? "-" : Display.count(item.page().longValue()),
                field(item.reason()),
                item.reason() == null ? "" : item.reason(),
                item.raw() == null ? "" : item.raw().toString());
    }

    /** A page of rejects: how many there are in all, which page this is, whether there are more either side. */
    public record RejectRows(
            String totalText, long total, int page, boolean hasPrevious, boolean hasNext, List<RejectRow> rows) {}

    /** One reject: its batch and position, its source page, the field and reason, and the record as fetched. */
    public record RejectRow(int seq, int position, String page, String field, String reason, String raw) {}
}
