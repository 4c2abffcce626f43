package io.dailyetl.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server that takes a whole message and then never answers its final "250": the sender cannot know that
 * its mail was accepted. The moment SMTP forces a choice on a sender that crashes, made reproducible.
 */
final class BlackHoleSmtp implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private BlackHoleSmtp() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "black-hole-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static BlackHoleSmtp start() throws IOException {
        return new BlackHoleSmtp();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The messages taken in full (headers and body, as sent after DATA). */
    List<String> messages() {
        return messages;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                held.add(socket);
                Thread session = new Thread(() -> converse(socket), "black-hole-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            say(out, "220 black-hole ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                if (verb.equals("DATA")) {
                    say(out, "354 end with <CRLF>.<CRLF>");
                    StringBuilder message = new StringBuilder();
                    for (String l = in.readLine(); l != null && !l.equals("."); l = in.readLine()) {
                        message.append(l).append("\r\n");
                    }
                    messages.add(message.toString());
                    // and now silence: the message is taken, its sender never hears so
                    while (in.readLine() != null) {
                        // wait for the sender to go away
                    }
                    return;
                } else if (verb.equals("QUIT")) {
                    say(out, "221 bye");
                    return;
                } else {
                    say(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the sender went away (it was killed): that is the point
        }
    }

    private static void say(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The Message-ID header of a message taken. */
    static String messageId(String message) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                return line.substring(11).trim();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
