package io.dailyetl.report;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * An SMTP server (GreenMail) that can be stopped and started again on the same port, a free one picked once, so a
 * test can take SMTP down and bring it back. Keeps what it received since its last start.
 */
final class RestartableSmtp {

    /** Where the port is kept: a test profile may run in another class loader than the test, but in this JVM. */
    private static final String PORT_PROPERTY = "daily-etl.test.restartable-smtp-port";

    private final int port = sharedPort();
    private GreenMail server;

    int port() {
        return port;
    }

    synchronized void start() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
        }
    }

    synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The messages received since the last start whose subject contains {@code text}. */
    synchronized List<MimeMessage> received(String text) {
        if (server == null) {
            return List.of();
        }
        return Arrays.stream(server.getReceivedMessages())
                .filter(m -> Fixtures.subject(m).contains(text))
                .toList();
    }

    private static int sharedPort() {
        synchronized (System.getProperties()) {
            String port = System.getProperty(PORT_PROPERTY);
            if (port == null) {
                port = Integer.toString(freePort());
                System.setProperty(PORT_PROPERTY, port);
            }
            return Integer.parseInt(port);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
