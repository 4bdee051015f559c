package io.grove.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * Open-model staircase on {@code POST /predict}: arrivals start at {@code -DstartRate} (1000/s) and
 * rise by {@code -Dstep} (1000/s) for {@code -Dlevels} (10) levels of {@code -DlevelSeconds} (15 s).
 * Requests arrive on schedule whether or not earlier ones have been answered, so latency has no
 * coordinated omission. The HTML report's "response time percentiles over time" chart shows at
 * which level p99 leaves 10 ms and 100 ms; {@code loadtest/max-rate.sh} finds the same numbers
 * with one fixed-rate run ({@link RateSimulation}) per level.
 */
public class RampSimulation extends Simulation {

    int startRate = Load.intProperty("startRate", 1000);
    int step = Load.intProperty("step", 1000);
    int levels = Load.intProperty("levels", 10);
    int levelSeconds = Load.intProperty("levelSeconds", 15);

    ScenarioBuilder arrivals = scenario("POST /predict, open ramp")
            .feed(Load.irisRows())
            .exec(http("predict").post("/predict").body(StringBody(Load.PREDICT_BODY)).check(status().is(200)));

    {
        setUp(arrivals.injectOpen(incrementUsersPerSec(step)
                        .times(levels)
                        .eachLevelLasting(Duration.ofSeconds(levelSeconds))
                        .separatedByRampsLasting(Duration.ofSeconds(2))
                        .startingFrom(startRate)))
                .protocols(Load.openModelProtocol());
    }
}
