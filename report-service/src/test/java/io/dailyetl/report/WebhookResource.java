package io.dailyetl.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Both notification channels on: e-mail to {@link #ONCALL} (through {@link SmtpResource}'s GreenMail) and a webhook
 * to a real HTTP receiver (WireMock, on a free port) at a Slack-like URL whose path is its secret
 * ({@link #SECRET_PATH}), signing with {@link #SECRET}. The receiver answers 200 unless a test stubs otherwise.
 */
public class WebhookResource implements QuarkusTestResourceLifecycleManager {

    /** The notifications' recipient. */
    public static final String ONCALL = "oncall@example.com";
    /** The shared secret of the signatures. */
    public static final String SECRET = "webhook-test-secret-0123456789abcdef";
    /** The webhook's path: a token, as in a Slack URL; it must never be logged nor recorded. */
    public static final String SECRET_PATH = "/services/T0000/B0000/pathTokenXyz123";

    private static WireMockServer server;

    /** The running receiver, started on first use and stopped with the JVM. */
    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            accept();
            WireMockServer s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "webhook-receiver-stop"));
        }
        return server;
    }

    /** Back to answering 200 to every POST, forgetting what was received. */
    public static void accept() {
        server().resetAll();
        server().stubFor(
                        post(urlPathEqualTo(SECRET_PATH)).willReturn(aResponse().withStatus(200)));
    }

    public static String url() {
        return "http://127.0.0.1:" + server().port() + SECRET_PATH;
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "report.notify.email.to",
                ONCALL,
                "report.notify.webhook.url",
                url(),
                "report.notify.webhook.secret",
                SECRET,
                "report.notify.webhook.timeout",
                "3s");
    }

    @Override
    public void stop() {
        // shared; stops with the JVM
    }
}
