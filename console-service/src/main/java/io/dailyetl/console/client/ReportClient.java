package io.dailyetl.console.client;

import io.dailyetl.common.PipelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * report-service, as the console uses it: send or resend a weekly report with an operator's token (never retried:
 * it mails), and download a week's CSV with the console's reader token ({@code pipeline.warehouse-token}; retried
 * while report cannot be reached). An error answer is {@link ServiceRefused}.
 */
@ApplicationScoped
public class ReportClient {

    private final ReportApi api;
    private final String readerBearer;

    ReportClient(@RestClient ReportApi api, PipelineConfig config) {
        this.api = api;
        this.readerBearer = config.warehouseToken()
                .filter(t -> !t.isBlank())
                .map(t -> "Bearer " + t.trim())
                .orElse(null);
    }

    /** What report answered a send: the window {@code [from, to)}, its counts, and whom it mailed. */
    public record Sent(
            LocalDate from,
            LocalDate to,
            Long users,
            String total,
            List<String> emailedTo,
            boolean alreadySent,
            boolean beingSent) {}

    /**
     * Builds and mails the week ending before {@code end} (exclusive) to report's configured recipients;
     * {@code force} mails a week that was mailed already again.
     */
    @Timeout(value = 120, unit = ChronoUnit.SECONDS)
    public Sent send(LocalDate end, boolean force, String operatorToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("end", end.toString());
        body.put("send", true);
        body.put("force", force);
        return api.send(body, "Bearer " + operatorToken);
    }

    /** The CSV of the week ending before {@code end}, as report serves it. */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, retryOn = ProcessingException.class)
    public byte[] csv(LocalDate end) {
        return api.csv(end.toString(), null, readerBearer);
    }
}
