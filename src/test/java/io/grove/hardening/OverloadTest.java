package io.grove.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.RequestsInProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Admission control under a burst: with eight prediction requests in progress at most, one scoring
 * slot and two waiting places, concurrent batch requests must be shed with 503, Retry-After and a
 * problem body, the shedding must show in the metrics, and every request that was accepted must
 * get exactly the answer it gets alone. So that shedding is certain rather than a matter of timing,
 * the first burst arrives while eight requests hold every place, their bodies still arriving a
 * byte at a time; those eight then finish together, and a second burst finds the places free.
 */
@HardenedGroveTest
class OverloadTest {

    static final int CLIENTS = 48;
    /** {@code grove.admission.max-requests} in {@link HardenedGroveTest}. */
    static final int REQUESTS_IN_PROGRESS = 8;
    static final Pattern REJECTED = Pattern.compile("^grove_admission_rejected_total\\{[^}]*reason=\"(\\w+)\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    @LocalServerPort
    int port;

    @Test
    void burstIsShedWith503AndAcceptedAnswersStayCorrect() throws Exception {
        String batch = batchOf(1000, new Random(7));
        ApiClient calm = new ApiClient(port);
        Reply reference = calm.postJson("/predict-batch", batch);
        assertThat(reference.status()).isEqualTo(200);
        JsonNode expected = reference.json().get("predictions");
        double rejectedBefore = rejected(calm);

        List<Integer> heldStatuses = new ArrayList<>();
        List<Reply> againstFullPlaces;
        try (HeldRequests held = new HeldRequests(port, REQUESTS_IN_PROGRESS, batch)) {
            RequestsInProgress.await(calm, REQUESTS_IN_PROGRESS);
            againstFullPlaces = burst(batch);
            assertThat(againstFullPlaces).as("a burst of %d while %d requests hold every place", CLIENTS, REQUESTS_IN_PROGRESS)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
            for (HeldRequests.Answer answer : held.finish()) {
                heldStatuses.add(answer.status());
                assertThat(answer.status()).as("a held request, finished with the others").isIn(200, 503);
                if (answer.status() == 200) {
                    assertThat(answer.json().get("predictions")).isEqualTo(expected);
                }
            }
        }
        List<Reply> replies = new ArrayList<>(againstFullPlaces);
        replies.addAll(burst(batch));

        List<Reply> shed = replies.stream().filter(r -> r.status() == 503).toList();
        List<Reply> accepted = replies.stream().filter(r -> r.status() == 200).toList();
        assertThat(shed.size() + accepted.size()).as("only 200 or 503").isEqualTo(2 * CLIENTS);
        assertThat(accepted).as("the burst that finds the places free").isNotEmpty();
        for (Reply reply : shed) {
            assertThat(reply.header("Retry-After")).isEqualTo("1");
            assertThat(reply.contentType()).startsWith("application/problem+json");
            JsonNode problem = reply.json();
            assertThat(problem.get("type").asString()).isEqualTo("urn:grove:problem:overloaded");
            assertThat(problem.get("status").asInt()).isEqualTo(503);
        }
        for (Reply reply : accepted) {
            assertThat(reply.json().get("predictions")).isEqualTo(expected);
        }
        long heldShed = heldStatuses.stream().filter(s -> s == 503).count();
        assertThat(rejected(calm) - rejectedBefore).as("every 503 is counted").isEqualTo(shed.size() + heldShed);
    }

    private List<Reply> burst(String batch) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                ApiClient own = new ApiClient(port); // its own connection
                futures.add(pool.submit(() -> {
                    go.await();
                    return own.postJson("/predict-batch", batch);
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get());
            }
            return replies;
        }
    }

    private static double rejected(ApiClient api) {
        Matcher m = REJECTED.matcher(api.get("/actuator/prometheus").body());
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(2));
        }
        return total;
    }

    private static String batchOf(int rows, Random random) {
        StringBuilder json = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < rows; i++) {
            json.append(i == 0 ? "[" : ",[");
            for (int f = 0; f < 4; f++) {
                json.append(f == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", 0.1 + random.nextDouble() * 7));
            }
            json.append(']');
        }
        return json.append("]}").toString();
    }
}
