package io.dailyetl.warehouse.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.contract.FieldLimits;
import io.dailyetl.contract.runs.ErrorKind;
import io.dailyetl.contract.runs.RunReport;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import io.dailyetl.contract.runs.RunView.Attempt;
import io.dailyetl.contract.runs.RunView.Pull;
import io.dailyetl.warehouse.failure.InvalidInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a reported run as the contract's {@link RunReport}, refusing it with the answers the run history has always
 * given: the scalar fields are bound and checked first (a {@code status} that is not a {@link RunStatus} is refused
 * naming it, as a missing one is), then the shape of {@code attempts} and {@code pull} is checked on the JSON as
 * sent, and only then are they read as typed {@link Attempt}s and {@link Pull}. Also reads the stored
 * {@code attempts} and {@code pull} back, ignoring fields the records do not know (runs stored before they were
 * typed).
 */
final class RunReports {

    private static final int MAX_TEXT = 4000;
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final int MAX_ATTEMPTS = 100;
    private static final int MAX_ATTEMPTS_CHARS = 64 * 1024;
    private static final int MAX_PULL = 4 * 1024;
    private static final TypeReference<List<Attempt>> ATTEMPTS = new TypeReference<>() {};

    private final ObjectMapper json;
    private final ObjectReader reports;
    private final ObjectReader storedAttempts;
    private final ObjectReader storedPull;

    RunReports(ObjectMapper json) {
        this.json = json;
        this.reports = json.readerFor(RunReport.class);
        this.storedAttempts = json.readerFor(ATTEMPTS).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.storedPull = json.readerFor(Pull.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The report in {@code body}, checked; {@link InvalidInput} (or Jackson's mismatch) naming the field at fault. */
    RunReport read(JsonNode body) throws IOException {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw InvalidInput.of(
                    "body", "expected a run: {\"source\",\"status\",\"trigger\",\"startedAt\",\"version\",…}");
        }
        if (!body.isObject()) {
            return reports.readValue(body);
        }
        ObjectNode scalars = ((ObjectNode) body).deepCopy();
        scalars.remove(List.of("attempts", "pull"));
        JsonNode status = scalars.get("status");
        JsonNode kind = scalars.get("errorKind");
        if (kind != null && !kind.isNull() && !isErrorKind(kind)) {
            throw InvalidInput.of("errorKind", "null or one of " + Arrays.toString(ErrorKind.values()));
        }
        if (status != null && status.isValueNode() && !isRunStatus(status.asText())) {
            // refused below as a missing one is; Jackson would answer its own message, or read "1" as an index
            scalars.putNull("status");
        }
        RunReport head = reports.readValue(scalars);
        validate(head);
        checkShape(body.get("attempts"), body.get("pull"));
        checkCounts(head.run());
        return reports.readValue(body);
    }

    String attemptsJson(List<Attempt> attempts) {
        return write(attempts == null ? List.of() : attempts);
    }

    String pullJson(Pull pull) {
        return pull == null ? null : write(pull);
    }

    List<Attempt> attempts(String stored) {
        try {
            return stored == null ? null : storedAttempts.readValue(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Pull pull(String stored) {
        try {
            return stored == null ? null : storedPull.readValue(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isErrorKind(JsonNode kind) {
        return kind.isTextual()
                && Arrays.stream(ErrorKind.values()).anyMatch(k -> k.name().equals(kind.asText()));
    }

    private static boolean isRunStatus(String text) {
        return Arrays.stream(RunStatus.values()).anyMatch(s -> s.name().equals(text));
    }

    private static void validate(RunReport r) {
        RunView run = r.run();
        if (r.source() == null || !FieldLimits.SOURCE.matcher(r.source()).matches()) {
            throw InvalidInput.of("source", "required: 1-64 letters, digits, '.', '_' or '-'");
        }
        if (run == null || run.status() == null) {
            throw InvalidInput.of("status", "one of RUNNING, SUCCEEDED, FAILED");
        }
        if (run.trigger() == null || run.trigger().isBlank() || run.trigger().length() > 64) {
            throw InvalidInput.of("trigger", "required, at most 64 characters");
        }
        if (run.startedAt() == null) {
            throw InvalidInput.of("startedAt", "required");
        }
        if (run.traceId() != null && !TRACE_ID.matcher(run.traceId()).matches()) {
            throw InvalidInput.of("traceId", "null or 32 lower-case hex digits (an OpenTelemetry trace id)");
        }
        if (r.version() == null || r.version() < 0) {
            throw InvalidInput.of("version", "required, not negative");
        }
        if (run.error() != null
                && (run.error().length() > MAX_TEXT || run.error().indexOf('\0') >= 0)) {
            throw InvalidInput.of("error", "at most " + MAX_TEXT + " characters, no NUL");
        }
    }

    private static void checkShape(JsonNode attempts, JsonNode pull) {
        String attemptsJson = attempts == null ? "" : attempts.toString();
        if (attempts != null
                && (!attempts.isArray()
                        || attempts.size() > MAX_ATTEMPTS
                        || attemptsJson.length() > MAX_ATTEMPTS_CHARS
                        || attemptsJson.contains("\\u0000"))) {
            throw InvalidInput.of("attempts", "an array of at most " + MAX_ATTEMPTS + " attempts (64 KiB)");
        }
        String pullJson = pull == null ? "" : pull.toString();
        if (pull != null
                && !pull.isNull()
                && (!pull.isObject() || pullJson.length() > MAX_PULL || pullJson.contains("\\u0000"))) {
            throw InvalidInput.of(
                    "pull", "an object of at most " + MAX_PULL / 1024 + " KiB (mode, since, before, watermarks)");
        }
    }

    private static void checkCounts(RunView run) {
        for (Number count : new Number[] {
            run.pages(),
            run.fetched(),
            run.loaded(),
            run.rejected(),
            run.duplicates(),
            run.retries(),
            run.inserted(),
            run.updated(),
            run.unchanged()
        }) {
            if (count != null && count.longValue() < 0) {
                throw InvalidInput.of("counts", "must not be negative");
            }
        }
    }
}
