package io.treebeard.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Loads a {@link SampleData} set through the write API, reporting progress and rows/s. */
public final class SampleLoader {

    private SampleLoader() {
    }

    /** Writes the plans, then the profiles, then the usage (10,000-row CSV batches) through {@code ingestUrl}. */
    public static void viaApi(String ingestUrl, String key, SampleData data, Consumer<String> progress)
            throws IOException, InterruptedException {
        viaApi(ingestUrl, key, data, data.usageCsv(10_000), progress);
    }

    /** As {@link #viaApi(String, String, SampleData, Consumer)} with the given usage CSV batches. */
    public static void viaApi(String ingestUrl, String key, SampleData data, List<String> batches, Consumer<String> progress)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        List<SampleData.PlanBody> plans = data.plans();
        for (SampleData.PlanBody plan : plans) {
            send(http, key, "PUT", ingestUrl + "/api/v1/plans/" + plan.planId(), "application/json", plan.json());
        }
        List<SampleData.UserBody> users = data.users();
        long started = System.nanoTime();
        for (int i = 0; i < users.size(); i++) {
            SampleData.UserBody user = users.get(i);
            send(http, key, "PUT", ingestUrl + "/api/v1/users/" + user.userId(), "application/json", user.json());
            if ((i + 1) % 1000 == 0) {
                progress.accept(String.format(Locale.ROOT, "Profiles %,d/%,d", i + 1, users.size()));
            }
        }
        progress.accept(String.format(Locale.ROOT, "Loaded %d plans and %,d users in %.1f s", plans.size(), users.size(),
                (System.nanoTime() - started) / 1e9));
        long rows = 0;
        started = System.nanoTime();
        for (int i = 0; i < batches.size(); i++) {
            send(http, key, "POST", ingestUrl + "/api/v1/usage", "text/csv", batches.get(i));
            rows += batches.get(i).chars().filter(c -> c == '\n').count() - 1;
            double seconds = (System.nanoTime() - started) / 1e9;
            progress.accept(String.format(Locale.ROOT, "Usage batch %d/%d: %,d readings, %,.0f rows/s", i + 1, batches.size(),
                    rows, rows / seconds));
        }
    }

    /** Sends one write and fails on any non-2xx answer, quoting it. */
    public static HttpResponse<String> send(HttpClient http, String key, String method, String url, String type, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).method(method,
                HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", type).header("Authorization", "Bearer " + key)
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
