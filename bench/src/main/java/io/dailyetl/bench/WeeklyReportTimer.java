package io.dailyetl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.dailyetl.devstack.Stack;
import io.dailyetl.devstack.StackClient;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the weekly report of the data's week from {@code POST /api/reports/weekly} until the mail is in the SMTP
 * sink, and checks it: one recipient, the demo-source's users and total, and a CSV row per user.
 * {@code expectedSpend} is the demo-source's {@code /api/expected/user-spend}: its week, users and total.
 */
record WeeklyReportTimer(Stack stack, StackClient client, JsonNode expectedSpend) {

    static final String TO = "bench@example.com";
    private static final Duration MAIL_TIMEOUT = Duration.ofMinutes(2);

    /** One report: {@code httpSeconds} until the 200, {@code seconds} until the mail had arrived. */
    record Report(
            int number, double seconds, double httpSeconds, long users, String total, int csvBytes, int csvRows) {}

    LocalDate weekStart() {
        return LocalDate.parse(expectedSpend.path("from").asText());
    }

    /**
     * Sends one mail with an attachment of {@code users} CSV-like rows through the SMTP sink, from the bench itself,
     * and waits for it. The sink stands in for a mail server that has been running for months: without this, the
     * first timed report also pays for the sink's own classes being loaded and compiled in the bench's JVM, a cost
     * no real MTA adds. Returns the seconds it took (printed, not a result).
     */
    double warmSmtp(long users) throws Exception {
        StringBuilder csv = new StringBuilder("user_id,total_spent,transactions\n");
        for (long i = 0; i < users; i++) {
            csv.append("warm-up-user-").append(i).append(",1.00,1\n");
        }
        int before = stack.smtp().getReceivedMessages().length;
        long t0 = System.nanoTime();
        GreenMailUtil.sendAttachmentEmail(
                TO,
                "warm-up@example.invalid",
                "bench warm-up",
                "warm-up",
                csv.toString().getBytes(StandardCharsets.UTF_8),
                "text/csv; charset=UTF-8",
                "warm-up.csv",
                "warm-up",
                stack.smtp().getSmtp().getServerSetup());
        if (!stack.smtp().waitForIncomingEmail(MAIL_TIMEOUT.toMillis(), before + 1)) {
            throw new IllegalStateException("the SMTP sink did not receive the bench's warm-up mail");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    Report time(int number) throws Exception {
        int before = stack.smtp().getReceivedMessages().length;
        long t0 = System.nanoTime();
        JsonNode answer = client.weeklyReport(weekStart().plusDays(7), List.of(TO), true);
        long t1 = System.nanoTime();
        if (!stack.smtp().waitForIncomingEmail(MAIL_TIMEOUT.toMillis(), before + 1)) {
            throw new IllegalStateException("report answered 200 (" + answer + ") but no mail arrived within "
                    + MAIL_TIMEOUT.toSeconds() + " s");
        }
        long t2 = System.nanoTime();

        MimeMessage mail = stack.smtp().getReceivedMessages()[before];
        List<String> problems = new ArrayList<>();
        Address[] recipients = mail.getAllRecipients();
        if (recipients == null || recipients.length != 1 || !TO.equalsIgnoreCase(recipients[0].toString())) {
            problems.add(
                    "the mail went to " + (recipients == null ? "nobody" : List.of(recipients)) + ", expected " + TO);
        }
        String csv = StackClient.csvAttachment(mail);
        int csvRows = (int) csv.lines().count() - 1;
        long users = answer.path("users").asLong(-1);
        String total = answer.path("total").asText();
        if (users != expectedSpend.path("users").asLong(-2)) {
            problems.add("users " + users + ", expected " + expectedSpend.path("users"));
        }
        if (new BigDecimal(total)
                        .compareTo(new BigDecimal(expectedSpend.path("total").asText()))
                != 0) {
            problems.add("total " + total + ", expected "
                    + expectedSpend.path("total").asText());
        }
        if (csvRows != users) {
            problems.add("the CSV has " + csvRows + " rows for " + users + " users");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "weekly report " + number + " is wrong: " + String.join("; ", problems) + "\nanswer: " + answer);
        }
        return new Report(
                number,
                (t2 - t0) / 1e9,
                (t1 - t0) / 1e9,
                users,
                total,
                csv.getBytes(StandardCharsets.UTF_8).length,
                csvRows);
    }
}
