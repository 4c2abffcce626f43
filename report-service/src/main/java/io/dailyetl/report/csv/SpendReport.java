package io.dailyetl.report.csv;

import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * One window's per-user spend, rendered: the summary, the top rows for the mail, and the whole CSV in a
 * temporary file (deleted by whoever consumes it).
 */
@TemplateData
public record SpendReport(LocalDate from, LocalDate to, long users, BigDecimal total, List<Row> top, Path csv) {

    /** The window's last day ({@code to} is exclusive). */
    public LocalDate lastDay() {
        return to.minusDays(1);
    }

    /** The attachment's name: {@code weekly_summary_<from>_<last day>.csv}. */
    public String fileName() {
        return "weekly_summary_" + from + "_" + lastDay() + ".csv";
    }

    @TemplateData
    public record Row(String userId, String totalSpent) {}
}
