package io.dailyetl.report;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real SMTP server (GreenMail, on a free port) that keeps what it receives for the test to read. */
public class SmtpResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail smtp;

    public static synchronized GreenMail smtp() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            smtp.start();
            GreenMail s = smtp;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "smtp-stop"));
        }
        return smtp;
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.mailer.host",
                "127.0.0.1",
                "quarkus.mailer.port",
                Integer.toString(smtp().getSmtp().getPort()));
    }

    @Override
    public void stop() {
        // shared; stops with the JVM
    }
}
