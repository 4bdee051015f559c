package io.grove.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * The reference workload: {@code -Dusers} (100) concurrent keep-alive clients, each sending
 * {@code POST /predict} back to back for {@code -Dseconds} (60). Closed model: it reports the
 * throughput the server sustains and its p50/p95/p99 at that load, and asserts the course's own
 * acceptance targets, so that the HTML report shows each passed or failed: p99 under
 * {@code -Dp99Ms} (100) ms, more than {@code -DminRps} (500) requests per second, and at most 0.1%
 * failed requests.
 */
public class PredictSimulation extends Simulation {

    int users = Load.intProperty("users", 100);
    int seconds = Load.intProperty("seconds", 60);
    int p99Ms = Load.intProperty("p99Ms", 100);
    int minRps = Load.intProperty("minRps", 500);

    ScenarioBuilder clients = scenario("POST /predict, " + users + " clients")
            .during(Duration.ofSeconds(seconds)).on(
                    feed(Load.irisRows())
                            .exec(http("predict").post("/predict")
                                    .body(StringBody(Load.PREDICT_BODY))
                                    .check(status().is(200), jsonPath("$.label").exists())));

    {
        setUp(clients.injectOpen(atOnceUsers(users)))
                .protocols(Load.protocol())
                .assertions(
                        global().failedRequests().percent().lte(0.1),
                        global().responseTime().percentile(99.0).lt(p99Ms),
                        global().requestsPerSec().gt((double) minRps));
    }
}
