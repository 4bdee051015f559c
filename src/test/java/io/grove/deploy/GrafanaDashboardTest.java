package io.grove.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.deploy.Dashboard.Query;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard: valid against @grafana/schema offline (deploy/validate), and showing
 * what the issue asks for. That its queries return data from a real Prometheus scraping a real
 * Grove is {@link PrometheusScrapeTest}'s part.
 */
class GrafanaDashboardTest {

    private static final Duration NPM = Duration.ofMinutes(5);

    @Test
    void theDashboardIsValidAgainstTheGrafanaSchema() {
        Command check = Command.run(NPM, "bash", "deploy/validate/validate.sh", "dashboard", Dashboard.FILE.toString());

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.output()).contains("validate-dashboard: 1 dashboard(s), " + Dashboard.queries().size() + " queries valid");
    }

    @Test
    void theValidatorCatchesWhatTheSchemaAndTheLayoutForbid() {
        Command check = Command.run(NPM, "bash", "deploy/validate/validate.sh", "dashboard",
                "deploy/validate/fixtures/broken-dashboard.json");

        assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
        assertThat(check.output())
                .contains("panels.0.fieldConfig.overides: unknown field")
                .contains("duplicate id")
                .contains("overlaps panel")
                .contains("no query")
                .contains("undefined variable $window");
    }

    @Test
    void theDashboardShowsTrafficLatencyErrorsSheddingPredictionsAndTheJvm() {
        List<Query> queries = Dashboard.queries();

        assertThat(queries).anyMatch(q -> q.panel().equals("Request rate") && q.expr().contains("http_server_requests_seconds_count"));
        assertThat(queries).filteredOn(q -> q.panel().equals("Prediction latency")).extracting(Query::legend)
                .containsExactly("p50", "p95", "p99", "p99 wait for a thread, before the above");
        assertThat(queries).filteredOn(q -> q.panel().equals("Errors and shedding")).extracting(Query::expr)
                .anyMatch(e -> e.contains("status=~\"5..\""))
                .anyMatch(e -> e.contains("grove_admission_rejected_total"));
        assertThat(queries).anyMatch(q -> q.panel().equals("Predictions by class") && q.expr().contains("sum by (class) (rate(grove_predictions_total"));
        assertThat(queries).anyMatch(q -> q.panel().equals("JVM memory") && q.expr().contains("jvm_memory_used_bytes"));
        assertThat(queries).anyMatch(q -> q.panel().equals("GC pauses") && q.expr().contains("jvm_gc_pause_seconds"));
        assertThat(queries).allMatch(q -> q.expr().contains("application=\"grove\""), "every query selects Grove's metrics");
    }
}
