package io.dailyetl.report;

import io.dailyetl.report.mail.ReportMailer;
import io.dailyetl.report.service.ReportWarmup;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up warm-up runs the report's steps on made-up data and leaves nothing behind: no file, no mail. */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SmtpResource.class)
class ReportWarmupTest {

    @Inject
    ReportMailer mailer;

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

    private static List<Path> reportFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("weekly_summary_")).toList();
        }
    }
}
