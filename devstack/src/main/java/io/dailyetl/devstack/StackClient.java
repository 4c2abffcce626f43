package io.dailyetl.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.testing.ServiceProcess;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls the running stack over HTTP (with the pipeline token) and reads what the SMTP sink received. */
public final class StackClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stack stack;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the bench times calls: no h2c upgrade attempt on new connections
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** Saved mail is named after the time this client started, so earlier demos' mail is kept, not overwritten. */
    private final String prefix = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));

    public StackClient(Stack stack) {
        this.stack = stack;
    }

    /** Triggers an ingest run and waits (bounded, polling every 200 ms) until it is no longer RUNNING; answers the run. */
    public JsonNode runIngest(Duration timeout) throws IOException, InterruptedException {
        return awaitRun(startRun(), timeout, Duration.ofMillis(200));
    }

    /** Triggers an ingest run ({@code POST /api/runs}, which must answer 202); answers its run id. */
    public String startRun() throws IOException, InterruptedException {
        return send("POST", stack.ingest().resolve("/api/runs"), null, 202)
                .path("runId")
                .asText();
    }

    /** Triggers a run of one source ({@code POST /api/runs {"source"}}, which must answer 202); answers its run id. */
    public String startRun(String source) throws IOException, InterruptedException {
        return send("POST", stack.ingest().resolve("/api/runs"), JSON.writeValueAsString(Map.of("source", source)), 202)
                .path("runId")
                .asText();
    }

    /** A PUT of a JSON body on the demo-source (its admin endpoints), which must answer 200. */
    public JsonNode demoPut(String path, String json) throws IOException, InterruptedException {
        return send("PUT", stack.demoSource().resolve(path), json, 200);
    }

    /** A POST on the demo-source (its admin endpoints), which must answer 200. */
    public JsonNode demoPost(String path) throws IOException, InterruptedException {
        return send("POST", stack.demoSource().resolve(path), null, 200);
    }

    /**
     * The rows the weekly CSV must hold for the demo-source's expected user spend ({@code /api/expected/user-spend}):
     * the header, then each user's id as the report writes it (formula-like values get a leading apostrophe; RFC 4180
     * quoting) and total.
     */
    public static List<String> expectedCsv(JsonNode spend) {
        List<String> rows = new ArrayList<>();
        rows.add("user_id,total_spent");
        for (JsonNode row : spend.path("rows")) {
            rows.add(csvCell(row.path("userId").asText()) + ","
                    + row.path("totalSpent").asText());
        }
        return rows;
    }

    /** Splits RFC 4180 text into records, keeping line breaks inside quoted cells. */
    public static List<String> csvRecords(String csv) {
        List<String> rows = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                rows.add(row.toString());
                row.setLength(0);
                i++;
            } else {
                row.append(c);
            }
        }
        return rows;
    }

    private static String csvCell(String value) {
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /**
     * Polls a run every {@code pollEvery} until it is no longer RUNNING and answers its JSON. Fails at once when
     * the ingest process has exited, and when the run is still RUNNING after {@code timeout}.
     */
    public JsonNode awaitRun(String runId, Duration timeout, Duration pollEvery)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Thread.sleep(pollEvery.toMillis()); // polling another process's run; there is nothing to wait on
            ServiceProcess ingest = stack.process("ingest-service");
            if (ingest != null && !ingest.isAlive()) {
                throw new IllegalStateException(
                        "ingest exited with code " + ingest.exitValue() + " during run " + runId);
            }
            JsonNode run = send("GET", stack.ingest().resolve("/api/runs/" + runId), null, 200);
            if (!"RUNNING".equals(run.path("status").asText())) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "run " + runId + " still RUNNING after " + timeout.toSeconds() + " s: " + run);
            }
        }
    }

    /**
     * How a finished run differs from an exact one: SUCCEEDED, each count equal to {@code expected}'s (the
     * demo-source's {@code /api/expected/counts}) and {@code fetched = loaded + rejected + duplicates}. Empty when exact.
     */
    public static List<String> runProblems(JsonNode run, JsonNode expected) {
        List<String> problems = new ArrayList<>();
        if (!"SUCCEEDED".equals(run.path("status").asText())) {
            problems.add("status " + run.path("status").asText() + ": "
                    + run.path("error").asText());
        }
        for (String count : List.of("fetched", "loaded", "rejected", "duplicates")) {
            if (run.path(count).asLong(-1) != expected.path(count).asLong(-2)) {
                problems.add(count + " " + run.path(count) + ", expected " + expected.path(count));
            }
        }
        long fetched = run.path("fetched").asLong();
        long loaded = run.path("loaded").asLong();
        long rejected = run.path("rejected").asLong();
        long duplicates = run.path("duplicates").asLong();
        if (fetched != loaded + rejected + duplicates) {
            problems.add("fetched " + fetched + " != loaded " + loaded + " + rejected " + rejected + " + duplicates "
                    + duplicates);
        }
        return problems;
    }

    /** Sends the weekly report for the week ending (exclusive) at {@code end}. */
    public JsonNode weeklyReport(LocalDate end, List<String> to, boolean force)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("end", end.toString());
        body.put("to", to);
        body.put("force", force);
        return send("POST", stack.report().resolve("/api/reports/weekly"), JSON.writeValueAsString(body), 200);
    }

    /** The warehouse's user-spend answer. */
    public JsonNode userSpend(LocalDate from, LocalDate to) throws IOException, InterruptedException {
        return send(
                "GET", stack.warehouse().resolve("/api/analytics/user-spend?from=" + from + "&to=" + to), null, 200);
    }

    /** A GET on the demo-source (it needs no token, but ignores one). */
    public JsonNode demo(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", stack.demoSource().resolve(pathAndQuery), null, 200);
    }

    private JsonNode send(String method, URI uri, String body, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = call(method, uri, body, Duration.ofMinutes(5));
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A GET (with the pipeline token) that must answer 200; its JSON. */
    public JsonNode get(URI uri) throws IOException, InterruptedException {
        return send("GET", uri, null, 200);
    }

    /** A service's Prometheus metrics ({@code /q/metrics}) in the text format {@code accept} asks for. */
    public String metrics(URI base, String accept) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(base.resolve("/q/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(base + "/q/metrics answered " + answer.statusCode() + " to Accept: " + accept);
        }
        return answer.body();
    }

    /**
     * Any call with the pipeline token and, when {@code body} is not null, a JSON body; the answer whatever its
     * status, for a caller that looks at the status itself.
     */
    public HttpResponse<String> call(String method, URI uri, String body, Duration timeout)
            throws IOException, InterruptedException {
        return call(method, uri, body, timeout, stack.token());
    }

    /** As {@link #call(String, URI, String, Duration)}, with {@code token} instead of the pipeline's. */
    public HttpResponse<String> call(String method, URI uri, String body, Duration timeout, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Saves every received message not saved yet as {@code <n>.eml} in the stack's mail folder, and each CSV
     * attachment next to it; answers the files written.
     */
    public List<Path> saveMail() throws Exception {
        Files.createDirectories(stack.mailDir());
        MimeMessage[] messages = stack.smtp().getReceivedMessages();
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            Path eml = stack.mailDir().resolve(String.format("%s-%03d.eml", prefix, i + 1));
            if (Files.exists(eml)) {
                continue;
            }
            try (OutputStream out = Files.newOutputStream(eml)) {
                messages[i].writeTo(out);
            }
            written.add(eml);
            for (Map.Entry<String, byte[]> a : attachments(messages[i]).entrySet()) {
                Path file = stack.mailDir().resolve(String.format("%s-%03d-%s", prefix, i + 1, a.getKey()));
                Files.write(file, a.getValue());
                written.add(file);
            }
        }
        return written;
    }

    /** The attachments of a message: file name to bytes. */
    public static Map<String, byte[]> attachments(Part part) throws Exception {
        Map<String, byte[]> found = new LinkedHashMap<>();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                found.putAll(attachments(child));
            }
        } else if (part.getFileName() != null) {
            try (InputStream in = part.getInputStream()) {
                found.put(part.getFileName(), in.readAllBytes());
            }
        }
        return found;
    }

    /** The CSV attachment of a message as text. */
    public static String csvAttachment(MimeMessage message) throws Exception {
        for (Map.Entry<String, byte[]> a : attachments(message).entrySet()) {
            if (a.getKey().endsWith(".csv")) {
                return new String(a.getValue(), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("the message has no CSV attachment");
    }
}
