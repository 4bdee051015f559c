import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * 100 sequential single /predict calls against one /predict-batch of the same 100 rows, from one
 * keep-alive client in one process (so no process start-up is timed). Prints the median and best
 * of ROUNDS rounds after a warm-up.
 *
 *   java loadtest/SingleVsBatch.java [BASE_URL=http://127.0.0.1:8000] [ROUNDS=50]
 */
public class SingleVsBatch {

    static final String[] ROWS = {"[5.1,3.5,1.4,0.2]", "[6.7,3.0,5.2,2.3]", "[5.9,3.0,4.2,1.5]", "[6.3,2.9,5.6,1.8]"};

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8000";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(ROWS[i % ROWS.length]);
        }
        String batch = "{\"rows\":[" + String.join(",", rows) + "]}";
        List<Long> singles = new ArrayList<>();
        List<Long> batches = new ArrayList<>();
        for (int r = -rounds; r < rounds; r++) { // the first half warms up
            long t0 = System.nanoTime();
            for (String row : rows) {
                post(http, base + "/predict", "{\"features\":" + row + "}");
            }
            long t1 = System.nanoTime();
            post(http, base + "/predict-batch", batch);
            long t2 = System.nanoTime();
            if (r >= 0) {
                singles.add(t1 - t0);
                batches.add(t2 - t1);
            }
        }
        report("100 single calls", singles);
        report("1 batch of 100  ", batches);
    }

    static void post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static void report(String what, List<Long> nanos) {
        Collections.sort(nanos);
        System.out.printf("%s: median %.2f ms, best %.2f ms%n", what, nanos.get(nanos.size() / 2) / 1e6, nanos.getFirst() / 1e6);
    }
}
