package io.grove.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * Open model at one fixed arrival rate: {@code -Drate} (5000) requests/s of {@code POST /predict}
 * for {@code -Dseconds} (30), after {@code -DwarmupSeconds} (10) at the same rate that the report
 * leaves out. The target "p99 at most 2 ms at 5,000 req/s" is read from this run.
 */
public class RateSimulation extends Simulation {

    int rate = Load.intProperty("rate", 5000);
    int seconds = Load.intProperty("seconds", 30);
    int warmupSeconds = Load.intProperty("warmupSeconds", 10);

    ScenarioBuilder warmup = scenario("warm-up")
            .feed(Load.irisRows())
            .exec(http("warm-up").post("/predict").body(StringBody(Load.PREDICT_BODY)).silent());

    ScenarioBuilder arrivals = scenario("POST /predict at " + rate + "/s")
            .feed(Load.irisRows())
            .exec(http("predict").post("/predict").body(StringBody(Load.PREDICT_BODY)).check(status().is(200)));

    {
        setUp(warmup.injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(warmupSeconds)))
                        .andThen(arrivals.injectOpen(
                                constantUsersPerSec(rate).during(Duration.ofSeconds(seconds)))))
                .protocols(Load.openModelProtocol());
    }
}
