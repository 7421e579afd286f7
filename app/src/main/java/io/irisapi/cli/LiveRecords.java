package io.irisapi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The challenger's live record, summed over the running services (one per pod): each one's GET /model
 * {@code rollout.record}, counted only when it is the record of the two versions the registry would swap, so that a
 * pod still serving an older pair adds nothing. Each pod keeps its own record since it loaded the pair.
 */
final class LiveRecords {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The sum, and one line per service saying what it added. */
    record Sum(long rowsCompared, long agreements, long challengerErrors, List<String> services) {
        double agreement() {
            return rowsCompared == 0 ? 0 : (double) agreements / rowsCompared;
        }
    }

    private LiveRecords() {
    }

    static Sum read(List<String> services, String apiKey, String champion, String challenger) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        long rows = 0;
        long agreements = 0;
        long errors = 0;
        List<String> lines = new ArrayList<>();
        for (String service : services) {
            JsonNode record = model(http, service, apiKey).path("rollout").path("record");
            if (!champion.equals(record.path("champion_version").asText())
                    || !challenger.equals(record.path("challenger_version").asText())) {
                lines.add(service + ": no record of champion " + champion + " against challenger " + challenger
                        + " (not loaded there yet, or no request scored since)");
                continue;
            }
            long serviceRows = record.path("rows_compared").asLong();
            rows += serviceRows;
            agreements += record.path("agreements").asLong();
            errors += record.path("challenger_errors").asLong();
            lines.add(service + ": " + serviceRows + " rows compared, " + record.path("agreements").asLong()
                    + " agreements, " + record.path("challenger_errors").asLong() + " challenger errors");
        }
        return new Sum(rows, agreements, errors, lines);
    }

    private static JsonNode model(HttpClient http, String service, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.replaceAll("/+$", "") + "/model"))
                .timeout(TIMEOUT).GET();
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("X-API-Key", apiKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(service + "/model answered " + response.statusCode()
                        + (response.statusCode() == 401 ? " (set --api-key or API_KEY)" : ""));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + service + "/model: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + service + "/model", e);
        }
    }
}
