package io.dailyetl.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.report.mail.ReportMailer;
import io.dailyetl.report.service.ReportWarmup;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.warehouseclient.AnalyticsClient;
import io.dailyetl.warehouseclient.DeliveriesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up runs the report's steps on made-up data and reads one empty week from the real warehouse,
 * and leaves nothing behind: no file, no mail, no delivery.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SmtpResource.class)
class ReportWarmupTest {

    @Inject
    ReportMailer mailer;

    @Inject
    AnalyticsClient analytics;

    @Inject
    DeliveriesClient deliveries;

    @Test
    void theWarmUpRunsEveryStepOnAWeekOfMadeUpUsersAndLeavesNoFileAndSendsNoMail() throws IOException {
        // given the mails received so far and the report files in the temporary directory
        int mailsBefore = SmtpResource.smtp().getReceivedMessages().length;
        List<Path> filesBefore = reportFiles();

        // when the warm-up runs
        long users = ReportWarmup.run(mailer);

        // then it read and wrote a report of a whole week's users, deleted its CSV and mailed nothing
        assertThat(users).isEqualTo(20_000);
        assertThat(reportFiles()).containsExactlyInAnyOrderElementsOf(filesBefore);
        assertThat(SmtpResource.smtp().getReceivedMessages()).hasSize(mailsBefore);
    }

    @Test
    void theRoundTripReadsAnEmptyWeekFromTheRealWarehouseAndWritesNothing() throws IOException {
        // given the warehouse's count of user-spend answers, the deliveries it holds, the mails and the report files
        double answersBefore = userSpendAnswers();
        String deliveriesBefore = deliveries();
        int mailsBefore = SmtpResource.smtp().getReceivedMessages().length;
        List<Path> filesBefore = reportFiles();

        // when the round trip runs
        long users = ReportWarmup.roundTrip(analytics, deliveries, "active", ZoneId.of("UTC"));

        // then the warehouse answered it (a week of the year 2000: no users), and nothing was written or sent
        assertThat(users).isZero();
        assertThat(userSpendAnswers()).isEqualTo(answersBefore + 1);
        assertThat(deliveries()).isEqualTo(deliveriesBefore);
        assertThat(SmtpResource.smtp().getReceivedMessages()).hasSize(mailsBefore);
        assertThat(reportFiles()).containsExactlyInAnyOrderElementsOf(filesBefore);
    }

    /** The warehouse's count of 200 answers to user-spend, from its own metrics. */
    private static double userSpendAnswers() {
        String metrics = Fixtures.warehouse()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = Pattern.compile(
                        "(?m)^http_server_requests_seconds_count\\{[^}]*uri=\"/api/analytics/user-spend\"[^}]*\\} (\\S+)")
                .matcher(metrics);
        double sum = 0;
        while (m.find()) {
            if (m.group().contains("status=\"200\"")) {
                sum += Double.parseDouble(m.group(1));
            }
        }
        return sum;
    }

    private static String deliveries() {
        return Fixtures.warehouse()
                .get("/api/report-deliveries?report=weekly&limit=100")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static List<Path> reportFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("weekly_summary_"))
                    .toList();
        }
    }
}
