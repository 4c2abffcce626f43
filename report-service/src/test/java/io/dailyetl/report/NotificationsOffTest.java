package io.dailyetl.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.report.notify.NotificationSender;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.DocClaims;
import io.dailyetl.testing.docs.Docs;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With no channel configured the sender claims nothing, so no notification is marked sent that was not. */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SmtpResource.class)
class NotificationsOffTest {

    @Inject
    NotificationSender sender;

    @Test
    @Documents("troubleshooting: no notification arrives")
    void withNoChannelNothingIsClaimedAndTheNotificationStaysPending() {
        // given a failed run, whose notification the warehouse recorded
        String source = "notify-off-" + Fixtures.uniquePrefix() + "payments";
        NotificationSenderTest.failedRun(source, "the source answered 500");
        UUID id = NotificationSenderTest.notificationOf(source, "RUN_FAILED");

        // when the sender polls
        int claimed = sender.poll();

        // then it claimed nothing, says why, and the notification waits for a sender with a channel
        assertThat(claimed).isZero();
        assertThat(sender.channels()).isEmpty();
        assertThat(sender.status())
                .startsWith("notifications are off: neither report.notify.email.to (REPORT_NOTIFY_EMAIL_TO) nor"
                        + " report.notify.webhook.url (REPORT_NOTIFY_WEBHOOK_URL) is set");
        // as README's troubleshooting row quotes it
        assertThat(DocClaims.quoted("troubleshooting: no notification arrives"))
                .isNotEmpty()
                .allSatisfy(quote -> assertThat(Docs.contains(sender.status(), quote))
                        .as("%s in %s", quote, sender.status())
                        .isTrue());
        assertThat(NotificationSenderTest.notification(id).getString("status")).isEqualTo("PENDING");
        assertThat(NotificationSenderTest.notification(id).getInt("attempts")).isZero();
    }
}
