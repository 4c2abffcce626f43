package io.dailyetl.report.notify;

import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a notification says, once, for every channel: the {@code title} (the mail's subject, one line without control
 * characters), the {@code headline} (the first lines of the mail, and the webhook's {@code text}), the details in
 * sections, and the links by name ({@code run}, {@code rejects}). Values are the raw text: each channel escapes them
 * for its format (HTML by the template, JSON by Jackson, Slack's {@code &<>} in the webhook text).
 */
@TemplateData
public record NotificationMessage(
        String title, List<String> headline, List<Section> sections, Map<String, String> links) {

    /** A titled part of the details: label-value fields, or a table (its columns and rows). */
    @TemplateData
    public record Section(String title, List<Field> fields, List<String> columns, List<List<String>> rows) {

        static Section ofFields(String title, List<Field> fields) {
            return new Section(title, List.copyOf(fields), List.of(), List.of());
        }

        static Section ofTable(String title, List<String> columns, List<List<String>> rows) {
            return new Section(title, List.of(), List.copyOf(columns), List.copyOf(rows));
        }

        /** Whether this section is a table. */
        public boolean tabular() {
            return !columns.isEmpty();
        }
    }

    /** One labelled value; {@code link} when the value is a URL. */
    @TemplateData
    public record Field(String label, String value, boolean link) {}

    /** The headline's lines after the first (which is the title). */
    public List<String> summary() {
        return headline.size() <= 1 ? List.of() : headline.subList(1, headline.size());
    }

    /**
     * The plain-text body: the headline, then each section (fields as {@code label: value}, aligned; a value's
     * further lines indented under it; tables as one line per row, cells separated by {@code " | "}).
     */
    public String text() {
        StringBuilder out = new StringBuilder();
        headline.forEach(line -> out.append(line).append('\n'));
        for (Section section : sections) {
            out.append('\n').append(section.title()).append('\n');
            if (section.tabular()) {
                out.append("  ").append(String.join(" | ", section.columns())).append('\n');
                for (List<String> row : section.rows()) {
                    out.append("  ")
                            .append(String.join(
                                    " | ",
                                    row.stream()
                                            .map(NotificationMessage::oneLine)
                                            .toList()))
                            .append('\n');
                }
                continue;
            }
            int width = section.fields().stream()
                    .mapToInt(f -> f.label().length())
                    .max()
                    .orElse(0);
            for (Field field : section.fields()) {
                String label = "  " + field.label() + ":"
                        + " ".repeat(width - field.label().length() + 1);
                List<String> lines = new ArrayList<>(textLines(field.value()));
                out.append(label).append(lines.get(0)).append('\n');
                String indent = " ".repeat(label.length());
                for (String more : lines.subList(1, lines.size())) {
                    out.append(indent).append(more).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** A value's lines, control characters other than line breaks and tabs shown as {@code ?}. */
    private static List<String> textLines(String value) {
        List<String> lines = new ArrayList<>();
        for (String line : value.split("\r\n|\r|\n|\u2028|\u2029", -1)) {
            lines.add(Text.visible(line));
        }
        return lines;
    }

    private static String oneLine(String value) {
        return Text.oneLine(value);
    }
}
