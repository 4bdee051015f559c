package io.grove.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code POST /predict-batch} with {@code -Drows} (1000) rows a request, from {@code -Dusers} (4)
 * clients back to back for {@code -Dseconds} (60). Rows/s = the report's requests/s x rows.
 */
public class BatchSimulation extends Simulation {

    int rows = Load.intProperty("rows", 1000);
    int users = Load.intProperty("users", 4);
    int seconds = Load.intProperty("seconds", 60);
    String body = batchBody(rows);

    ScenarioBuilder clients = scenario("POST /predict-batch, " + rows + " rows, " + users + " clients")
            .during(Duration.ofSeconds(seconds)).on(
                    exec(http("predict-batch").post("/predict-batch")
                            .body(StringBody(body))
                            .check(status().is(200), jsonPath("$.predictions[" + (rows - 1) + "].label").exists())));

    {
        setUp(clients.injectOpen(atOnceUsers(users))).protocols(Load.protocol());
    }

    /** {@code {"rows":[...]}} cycling through the Iris rows. */
    static String batchBody(int rows) {
        List<String> iris;
        try (InputStream in = BatchSimulation.class.getResourceAsStream("/iris.csv")) {
            iris = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).filter(l -> !l.isBlank())
                    .map(l -> "[" + String.join(",", List.of(l.split(",")).subList(0, 4)) + "]")
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return IntStream.range(0, rows).mapToObj(i -> iris.get(i % iris.size()))
                .collect(Collectors.joining(",", "{\"rows\":[", "]}"));
    }
}
