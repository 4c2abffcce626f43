package io.dailyetl.report.service;

import io.dailyetl.common.health.WarmUps;
import io.dailyetl.report.config.ReportConfig;
import io.dailyetl.report.csv.SpendCsvWriter;
import io.dailyetl.report.csv.SpendReport;
import io.dailyetl.report.mail.ReportMailer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;

/**
 * Runs a report's own steps once on made-up data, in the background right after start-up (unless
 * {@code report.warm-up} is false): reading a warehouse answer of {@value #USERS} users, writing their CSV and
 * rendering the mail. A weekly report is the only work this service does, days after it started: without this, the
 * first one a user waits for runs those steps interpreted, while the JVM loads and compiles them. Nothing leaves the
 * process: no warehouse call, no mail, and the CSV file is deleted.
 */
@ApplicationScoped
public class ReportWarmup {

    /** As many users as a real week has, so that the loops run long enough to be compiled. */
    static final int USERS = 20_000;

    void onStart(@Observes StartupEvent event, ReportConfig config, ReportMailer mailer, WarmUps warmUps) {
        if (config.warmUp()) {
            warmUps.start("report path", () -> "a report of " + run(mailer) + " made-up users read, written and rendered");
        }
    }

    /** Runs the steps once; returns the users the made-up report had. */
    public static long run(ReportMailer mailer) throws IOException {
        LocalDate from = LocalDate.of(2000, 1, 3);
        SpendReport report = SpendCsvWriter.write(new ByteArrayInputStream(answer(from, from.plusDays(7))), from,
                from.plusDays(7));
        try {
            mailer.mail(report, List.of("warm-up@example.invalid"), ReportMailer.messageId(from, report.to(), null));
            return report.users();
        } finally {
            Files.deleteIfExists(report.csv());
        }
    }

    /** A user-spend answer as the warehouse writes it, with {@value #USERS} users. */
    static byte[] answer(LocalDate from, LocalDate to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(USERS * 64);
        StringBuilder json = new StringBuilder(8192);
        json.append("{\"from\":\"").append(from).append("\",\"to\":\"").append(to).append("\",\"users\":").append(USERS)
                .append(",\"total\":\"").append(USERS).append(".00\",\"rows\":[");
        for (int i = 0; i < USERS; i++) {
            json.append(i == 0 ? "" : ",").append("{\"userId\":\"u").append(i)
                    .append("\",\"totalSpent\":\"1.00\",\"transactions\":1}");
            if (json.length() > 4096) {
                out.writeBytes(json.toString().getBytes(StandardCharsets.UTF_8));
                json.setLength(0);
            }
        }
        json.append("]}");
        out.writeBytes(json.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
