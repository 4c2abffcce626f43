package io.dailyetl.report.csv;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dailyetl.contract.SpendCsv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the warehouse's user-spend answer into the report's CSV in one streaming pass: each row goes straight to
 * a temporary file (RFC 4180, {@code user_id,total_spent}, spreadsheet formulas neutralised), keeping only the
 * summary and the top rows in memory, so a million users cost a file, not a heap.
 */
public final class SpendCsvWriter {

    public static final int TOP = 10;
    private static final JsonFactory JSON = new JsonFactory();

    private SpendCsvWriter() {}

    public static SpendReport write(InputStream userSpend, LocalDate from, LocalDate to) throws IOException {
        Path file = Files.createTempFile("weekly_summary_", ".csv");
        long users = 0;
        long rows = 0;
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        List<SpendReport.Row> top = new ArrayList<>(TOP);
        try (JsonParser p = JSON.createParser(userSpend);
                BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(SpendCsv.HEADER);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the warehouse's user-spend answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "users" -> users = p.getLongValue();
                    case "total" -> total = new BigDecimal(p.getText());
                    case "rows" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            String user = null;
                            String spent = null;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String name = p.currentName();
                                p.nextToken();
                                if (name.equals("userId")) {
                                    user = p.getText();
                                } else if (name.equals("totalSpent")) {
                                    spent = new BigDecimal(p.getText())
                                            .setScale(2)
                                            .toPlainString();
                                } else {
                                    p.skipChildren();
                                }
                            }
                            if (user == null || spent == null) {
                                throw new IOException("a user-spend row without userId or totalSpent");
                            }
                            out.write(SpendCsv.cell(user));
                            out.write(',');
                            out.write(spent);
                            out.write("\r\n");
                            if (top.size() < TOP) {
                                top.add(new SpendReport.Row(user, spent));
                            }
                            rows++;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        if (rows != users) {
            Files.deleteIfExists(file);
            throw new IOException("the warehouse said " + users + " users but sent " + rows + " rows");
        }
        return new SpendReport(from, to, users, total.setScale(2), List.copyOf(top), file);
    }
}
