package io.dailyetl.console.view;

import java.util.List;
import java.util.Locale;

/**
 * Charts of runs drawn as inline SVG on the server, without a script: the records of each run as stacked bars
 * (loaded, rejected, duplicates), each run's duration as bars, and the reject share as a line. Each chart is an
 * {@code <svg role="img">} with a {@code <title>} and a {@code <desc>} saying what it shows, and a {@code <title>} on
 * each bar or point (a tooltip); the pages give the same numbers as a table too.
 *
 * <p>The geometry: a chart is {@link #WIDTH} by {@link #HEIGHT} units. Run {@code i} of {@code n} slots has a slot
 * {@code WIDTH / n} wide starting at {@code i * WIDTH / n}; its bar is 80% of the slot, centred. Heights are to scale,
 * the largest value filling the height; a line's points sit at the slots' centres.
 */
public final class RunChart {

    /** The width of a chart, in SVG units. */
    public static final int WIDTH = 600;

    /** The height of a chart, in SVG units. */
    public static final int HEIGHT = 160;

    /** The colours of loaded, rejected and duplicate records (contrast at least 3:1 on white). */
    static final String LOADED = "#1a7f37";

    static final String REJECTED = "#cf222e";
    static final String DUPLICATES = "#9a6700";
    static final String DURATION = "#0a58ca";

    private RunChart() {}

    /** One run in a chart: a label (its start, for the tooltips) and its counts and duration in seconds. */
    public record Point(String label, long loaded, long rejected, long duplicates, long seconds) {

        /** The records the run counted: loaded, rejected and duplicates. */
        public long records() {
            return loaded + rejected + duplicates;
        }

        /** The share of its records that were rejected, 0 when it had none. */
        public double rejectShare() {
            long all = records();
            return all == 0 ? 0 : (double) rejected / all;
        }
    }

    /** The runs' records as stacked bars, loaded at the bottom, then rejected, then duplicates. */
    public static String records(String id, String title, List<Point> runs) {
        return records(id, title, runs, runs.size());
    }

    /**
     * As {@link #records(String, String, List)}, with room for {@code slots} runs (at least the runs'), so that a
     * source with few runs draws bars as wide as one with many; the runs fill the slots from the left.
     */
    public static String records(String id, String title, List<Point> runs, int slots) {
        int n = Math.max(slots, runs.size());
        long max = runs.stream().mapToLong(Point::records).max().orElse(0);
        StringBuilder svg = open(
                id,
                title,
                "Stacked bars, one per run, oldest first: records loaded, rejected and "
                        + "duplicates. The tallest bar is " + Display.count(max) + " records.");
        for (int i = 0; i < runs.size(); i++) {
            Point p = runs.get(i);
            double x = slot(i, n) + slotWidth(n) * 0.1;
            double w = slotWidth(n) * 0.8;
            double bottom = HEIGHT;
            String tip = p.label() + ": " + Display.count(p.loaded()) + " loaded, " + Display.count(p.rejected())
                    + " rejected, " + Display.count(p.duplicates()) + " duplicates";
            svg.append("<g><title>").append(escape(tip)).append("</title>");
            for (long[] part : new long[][] {{p.loaded(), 0}, {p.rejected(), 1}, {p.duplicates(), 2}}) {
                double h = scale(part[0], max);
                if (h > 0) {
                    String colour = part[1] == 0 ? LOADED : part[1] == 1 ? REJECTED : DUPLICATES;
                    rect(svg, x, bottom - h, w, h, colour);
                    bottom -= h;
                }
            }
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    /** The runs' durations as bars. */
    public static String durations(String id, String title, List<Point> runs) {
        return durations(id, title, runs, runs.size());
    }

    /** As {@link #durations(String, String, List)}, with room for {@code slots} runs. */
    public static String durations(String id, String title, List<Point> runs, int slots) {
        int n = Math.max(slots, runs.size());
        long max = runs.stream().mapToLong(Point::seconds).max().orElse(0);
        StringBuilder svg = open(
                id,
                title,
                "Bars, one per run, oldest first: how long each run took. The longest " + "took " + Display.count(max)
                        + " s.");
        for (int i = 0; i < runs.size(); i++) {
            Point p = runs.get(i);
            double h = scale(p.seconds(), max);
            svg.append("<g><title>")
                    .append(escape(p.label() + ": " + Display.count(p.seconds()) + " s"))
                    .append("</title>");
            if (h > 0) {
                rect(svg, slot(i, n) + slotWidth(n) * 0.1, HEIGHT - h, slotWidth(n) * 0.8, h, DURATION);
            }
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    /** The runs' reject shares as a line, 0% at the bottom and the largest share at the top. */
    public static String rejectShare(String id, String title, List<Point> runs) {
        return rejectShare(id, title, runs, runs.size());
    }

    /** As {@link #rejectShare(String, String, List)}, with room for {@code slots} runs. */
    public static String rejectShare(String id, String title, List<Point> runs, int slots) {
        int n = Math.max(slots, runs.size());
        double max = runs.stream().mapToDouble(Point::rejectShare).max().orElse(0);
        StringBuilder svg = open(
                id,
                title,
                "A line, one point per run, oldest first: the share of each run's "
                        + "records that were rejected. The highest is " + percent(max) + ".");
        StringBuilder points = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            Point p = runs.get(i);
            double x = slot(i, n) + slotWidth(n) / 2;
            double y = max == 0 ? HEIGHT : HEIGHT - p.rejectShare() / max * HEIGHT;
            if (i > 0) {
                points.append(' ');
            }
            points.append(n(x)).append(',').append(n(y));
            dots.append("<circle cx=\"")
                    .append(n(x))
                    .append("\" cy=\"")
                    .append(n(y))
                    .append("\" r=\"3\" fill=\"")
                    .append(REJECTED)
                    .append("\"><title>")
                    .append(escape(p.label() + ": " + percent(p.rejectShare()) + " rejected"))
                    .append("</title></circle>");
        }
        svg.append("<polyline fill=\"none\" stroke=\"")
                .append(REJECTED)
                .append("\" stroke-width=\"2\" points=\"")
                .append(points)
                .append("\"/>")
                .append(dots);
        return svg.append("</svg>").toString();
    }

    /** A share as a percentage with one decimal: {@code 2.5%}. */
    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static StringBuilder open(String id, String title, String desc) {
        return new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" id=\"")
                .append(escape(id))
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" preserveAspectRatio=\"none\" aria-labelledby=\"")
                .append(escape(id))
                .append("-title ")
                .append(escape(id))
                .append("-desc\"><title id=\"")
                .append(escape(id))
                .append("-title\">")
                .append(escape(title))
                .append("</title><desc id=\"")
                .append(escape(id))
                .append("-desc\">")
                .append(escape(desc))
                .append("</desc>");
    }

    private static void rect(StringBuilder svg, double x, double y, double w, double h, String colour) {
        svg.append("<rect x=\"")
                .append(n(x))
                .append("\" y=\"")
                .append(n(y))
                .append("\" width=\"")
                .append(n(w))
                .append("\" height=\"")
                .append(n(h))
                .append("\" fill=\"")
                .append(colour)
                .append("\"/>");
    }

    private static double slotWidth(int n) {
        return (double) WIDTH / n;
    }

    private static double slot(int i, int n) {
        return i * slotWidth(n);
    }

    private static double scale(long value, long max) {
        return max == 0 ? 0 : (double) value / max * HEIGHT;
    }

    /** A coordinate with at most two decimals, without trailing zeros: {@code 12}, {@code 12.5}, {@code 3.33}. */
    static String n(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
