package io.treebeard.ingest.api;

import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.validation.FieldError;
import io.treebeard.schemas.validation.UsageRowValidator;
import io.treebeard.schemas.validation.ValidationResult;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Parses a usage batch body, JSON array or CSV, into readings and per-row errors. A body that is not a batch at all
 * (broken JSON, not an array, wrong CSV header) is a {@link BadRequestException} with 400; more rows than allowed is
 * 413. Framework-free, so every rule is unit-tested without a server.
 */
public final class UsageBatchParser {

    /** The CSV header the contract prescribes. */
    public static final String CSV_HEADER = "user_id,usage_date,kwh,peak_kwh";

    private final int maxRows;

    /** A parser accepting at most {@code maxRows} rows. */
    public UsageBatchParser(int maxRows) {
        this.maxRows = maxRows;
    }

    /** Parses a JSON array of row objects. */
    public UsageBatch parseJson(byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "body", "Malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "body", "The body must be a JSON array of usage rows");
        }
        checkSize(root.size());
        List<UsageReading> rows = new ArrayList<>(root.size());
        List<RowError> errors = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            collect(i, UsageRowValidator.parse(root.get(i)), rows, errors);
        }
        return new UsageBatch(rows, errors, root.size());
    }

    /** Parses CSV with the header {@value #CSV_HEADER}; {@code peak_kwh} may be empty. */
    public UsageBatch parseCsv(byte[] body) {
        List<String> lines = lines(body);
        if (lines.isEmpty() || !CSV_HEADER.equals(lines.get(0).strip().replace("\uFEFF", ""))) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "header", "The first line must be the header " + CSV_HEADER);
        }
        List<String> data = lines.subList(1, lines.size());
        checkSize(data.size());
        List<UsageReading> rows = new ArrayList<>(data.size());
        List<RowError> errors = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            String[] cells = data.get(i).split(",", -1);
            if (cells.length < 3 || cells.length > 4) {
                errors.add(new RowError(i, "row", "expected 3 or 4 comma-separated values, got " + cells.length));
                continue;
            }
            String peak = cells.length == 4 ? cells[3].strip() : "";
            collect(i, UsageRowValidator.parseText(cells[0].strip(), cells[1].strip(), cells[2].strip(), peak.isEmpty() ? null : peak),
                    rows, errors);
        }
        return new UsageBatch(rows, errors, data.size());
    }

    private static void collect(int index, ValidationResult<UsageReading> result, List<UsageReading> rows, List<RowError> errors) {
        if (result.isValid()) {
            rows.add(result.value());
        } else {
            for (FieldError e : result.errors()) {
                errors.add(new RowError(index, e.field(), e.reason()));
            }
        }
    }

    private void checkSize(int rows) {
        if (rows > maxRows) {
            throw new BadRequestException(HttpStatus.CONTENT_TOO_LARGE, "body",
                    "A batch holds at most " + maxRows + " rows; this one has " + rows);
        }
    }

    private static List<String> lines(byte[] body) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "body", "Unreadable CSV: " + e.getMessage());
        }
        return lines;
    }
}
