package io.dailyetl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.report.notify.NotificationMessage;
import io.dailyetl.report.notify.NotificationMessages;
import io.dailyetl.report.notify.WebhookBody;
import io.dailyetl.report.notify.WebhookSignature;
import io.dailyetl.testing.docs.Docs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/notifications.md shows what the sender sends: its example e-mail and webhook body are what the sender renders
 * of the same notification (README's, their beginning and some members), and its verification snippet accepts a real signature and refuses a forged or stale one.
 */
class NotificationDocsTest {

    /** The links as a Kubernetes deployment has them: the warehouse's URL in the cluster. */
    static final NotificationMessages MESSAGES = new NotificationMessages(
            "http://warehouse-service:8082/api/runs/{runId}",
            "http://warehouse-service:8082/api/loads/{loadId}/rejects");

    @Test
    void theExampleMailIsWhatTheSenderWrites() {
        NotificationMessage m = MESSAGES.of(Notifications.docsExample());
        String mail = "Subject: " + m.title() + "\n\n" + m.text();

        String shown = Docs.example("notification-email");
        assertThat(Docs.firstMismatch(shown, mail))
                .as("first line of the mail the docs' example does not show (-1: none); the sender wrote:%n%s", mail)
                .isEqualTo(-1);
    }

    @Test
    void readmesMailIsTheBeginningOfTheSame() {
        NotificationMessage m = MESSAGES.of(Notifications.docsExample());
        String mail = "Subject: " + m.title() + "\n\n" + m.text();
        String shown = Docs.example("readme-notification-email");
        String beginning =
                String.join("\n", mail.lines().limit(shown.lines().count()).toList());

        assertThat(Docs.firstMismatch(shown, beginning))
                .as("first line README's example does not show (-1: none); the sender wrote:%n%s", beginning)
                .isEqualTo(-1);
    }

    @Test
    void readmesWebhookMembersAreThoseTheSenderPosts() throws IOException {
        NotificationView n = Notifications.docsExample();
        JsonNode body =
                new ObjectMapper().readTree(WebhookBody.of(n, MESSAGES.of(n)).bytes());
        JsonNode shown = new ObjectMapper().readTree(Docs.example("readme-notification-webhook"));

        assertThat(shown.size()).as("README shows some members").isGreaterThan(3);
        shown.fieldNames()
                .forEachRemaining(member ->
                        assertThat(shown.get(member)).as("README's %s", member).isEqualTo(body.get(member)));
    }

    @Test
    void theExampleWebhookBodyIsWhatTheSenderPosts() throws IOException {
        NotificationView n = Notifications.docsExample();
        byte[] body = WebhookBody.of(n, MESSAGES.of(n)).bytes();

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(Docs.example("notification-webhook")))
                .as(
                        "the docs' example body; the sender posts:%n%s",
                        json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(body)))
                .isEqualTo(json.readTree(body));
    }

    @Test
    void theVerificationSnippetAcceptsARealSignatureAndRefusesAForgedOrStaleOne(@TempDir Path dir) throws Exception {
        assumeTrue(python3(), "python3 is not installed: the docs' Python snippet cannot run here");
        // given a body signed as the sender signs it, the docs' snippet and a caller of its verify()
        String secret = "docs-example-secret-0123456789abcdef";
        NotificationView n = Notifications.docsExample();
        byte[] body = WebhookBody.of(n, MESSAGES.of(n)).bytes();
        Path file = dir.resolve("body.json");
        Files.write(file, body);
        Path script = dir.resolve("verify.py");
        Files.writeString(
                script,
                Docs.example("verify-webhook")
                        + "\nimport os, sys\n"
                        + "print(verify(os.environ['SECRET'].encode(), os.environ['TS'], open(sys.argv[1], 'rb').read(),"
                        + " os.environ['SIG']))\n");
        String now = Long.toString(Instant.now().getEpochSecond());

        // then it accepts the real one
        assertThat(run(script, file, secret, now, WebhookSignature.sign(secret, now, body)))
                .isEqualTo("True");
        // and refuses a body changed after signing, another secret's signature, and a replay of an hour ago
        Files.write(
                file,
                new String(body, StandardCharsets.UTF_8)
                        .replace("payments", "paymentz")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(run(script, file, secret, now, WebhookSignature.sign(secret, now, body)))
                .isEqualTo("False");
        Files.write(file, body);
        assertThat(run(script, file, secret, now, WebhookSignature.sign("another-secret-0123456789", now, body)))
                .isEqualTo("False");
        String old = Long.toString(Instant.now().getEpochSecond() - 3600);
        assertThat(run(script, file, secret, old, WebhookSignature.sign(secret, old, body)))
                .isEqualTo("False");
    }

    private static String run(Path script, Path body, String secret, String ts, String sig) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), body.toString()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("SECRET", secret, "TS", ts, "SIG", sig));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean python3() {
        try {
            Process p = new ProcessBuilder("python3", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
