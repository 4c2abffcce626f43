package io.dailyetl.report.service;

import io.dailyetl.report.csv.SpendCsvWriter;
import io.dailyetl.report.csv.SpendReport;
import io.dailyetl.report.mail.ReportMailer;
import io.dailyetl.warehouseclient.AnalyticsClient;
import io.dailyetl.warehouseclient.DeliveriesClient;
import io.quarkus.mailer.Mail;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Runs a report's own steps once, in the background right after start-up (declared in {@code health.StartupWarmUps}):
 * reading a warehouse answer of {@value #USERS} made-up users, writing their CSV and rendering the mail; and one real
 * round trip to the warehouse, the user-spend answer of a week in the year 2000 (no rows), read through the report's
 * own REST client and CSV writer. A weekly report is the only work this service does, days after it started:
 * without this, the first one a user waits for runs those steps interpreted, while the JVM loads and compiles them,
 * and opens the REST client's first connection. Nothing is written anywhere: the round trip is a read, no mail is
 * sent, and the CSV files are deleted.
 */
public final class ReportWarmup {

    private ReportWarmup() {}

    /** As many users as a real week has, so that the loops run long enough to be compiled. */
    static final int USERS = 20_000;

    /**
     * Reads the warehouse's user-spend answer for a week of the year 2000 through the report's own client and writes
     * its CSV (deleted), and reads the latest weekly delivery, as a report claims one; returns the users the answer
     * had (none, unless someone loaded that week). Nothing is written.
     */
    public static long roundTrip(AnalyticsClient analytics, DeliveriesClient deliveries, String status, ZoneId zone)
            throws IOException {
        LocalDate from = LocalDate.of(2000, 1, 3);
        SpendReport report;
        try (InputStream answer = analytics.userSpend(from, from.plusDays(7), status, zone, null)) {
            report = SpendCsvWriter.write(answer, from, from.plusDays(7));
        }
        Files.deleteIfExists(report.csv());
        deliveries.recent("weekly", 1);
        return report.users();
    }

    /** Runs the steps once; returns the users the made-up report had. */
    public static long run(ReportMailer mailer) throws IOException {
        LocalDate from = LocalDate.of(2000, 1, 3);
        SpendReport report =
                SpendCsvWriter.write(new ByteArrayInputStream(answer(from, from.plusDays(7))), from, from.plusDays(7));
        try {
            Mail mail = mailer.mail(
                    report, List.of("warm-up@example.invalid"), ReportMailer.messageId(from, report.to(), null));
            encode(mail, Files.readAllBytes(report.csv()), report.fileName());
            return report.users();
        } finally {
            Files.deleteIfExists(report.csv());
        }
    }

    /**
     * Encodes the mail as the SMTP client does before it sends one (the MIME parts, the attachment in base64), and
     * throws the text away.
     */
    private static int encode(Mail mail, byte[] csv, String fileName) {
        MailMessage message = new MailMessage()
                .setFrom("warm-up@example.invalid")
                .setTo(mail.getTo())
                .setSubject(mail.getSubject())
                .setText(mail.getText())
                .setHtml(mail.getHtml())
                .setAttachment(List.of(MailAttachment.create()
                        .setName(fileName)
                        .setContentType("text/csv; charset=UTF-8")
                        .setData(Buffer.buffer(csv))));
        return new MailEncoder(message, "localhost").encode().length();
    }

    /** A user-spend answer as the warehouse writes it, with {@value #USERS} users. */
    static byte[] answer(LocalDate from, LocalDate to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(USERS * 64);
        StringBuilder json = new StringBuilder(8192);
        json.append("{\"from\":\"")
                .append(from)
                .append("\",\"to\":\"")
                .append(to)
                .append("\",\"users\":")
                .append(USERS)
                .append(",\"total\":\"")
                .append(USERS)
                .append(".00\",\"rows\":[");
        for (int i = 0; i < USERS; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"userId\":\"u")
                    .append(i)
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
