package io.grove.deploy;

import static io.grove.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/monitoring: the Prometheus configuration and the alert rules, checked by promtool. */
class AlertRulesTest {

    private static final Duration PROMTOOL = Duration.ofMinutes(2);
    private static final List<String> ALERTS = List.of(
            "GroveInstanceDown", "GroveModelNotLoaded", "GroveHighLatencyP99", "GroveHighErrorRate", "GroveSaturated",
            "GroveShedding");

    @Test
    void theConfigurationAndItsRuleFilesAreValid() {
        Command check = Command.run(PROMTOOL, "promtool", "check", "config", "deploy/monitoring/prometheus.yml");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + ALERTS.size() + " rules found");
    }

    @Test
    void theAlertsFireWhenTheyShouldAndOnlyThen() {
        Command check = Command.run(PROMTOOL, "promtool", "test", "rules", "deploy/monitoring/alerts.test.yml");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertIsThereAndHasAUnitTestThatExpectsItToFire() {
        List<Map<String, Object>> rules = at(Manifests.read(Path.of("deploy/monitoring/alerts.yml")).getFirst(), "groups.0.rules");
        List<Map<String, Object>> tests = at(Manifests.read(Path.of("deploy/monitoring/alerts.test.yml")).getFirst(), "tests");

        assertThat(rules).extracting(r -> r.get("alert")).containsExactlyInAnyOrderElementsOf(ALERTS);
        List<Object> firedInTests = tests.stream()
                .flatMap(t -> ((List<Map<String, Object>>) t.get("alert_rule_test")).stream())
                .filter(c -> !((List<?>) c.get("exp_alerts")).isEmpty())
                .map(c -> c.get("alertname"))
                .toList();
        assertThat(firedInTests).containsAll(ALERTS);
    }
}
