package io.grove.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Grove's Grafana dashboard, deploy/monitoring/grafana/dashboards/grove.json, read as JSON. */
final class Dashboard {

    static final Path FILE = Path.of("deploy/monitoring/grafana/dashboards/grove.json");

    /** One query of a panel. */
    record Query(String panel, String refId, String legend, String expr) {

        /** The PromQL that Grafana sends, with the dashboard's variables set to "everything". */
        String promql(String rateInterval) {
            return expr.replace("$__rate_interval", rateInterval).replace("$instance", ".*");
        }
    }

    private Dashboard() {
    }

    static JsonNode json() {
        return JsonMapper.builder().build().readTree(FILE.toFile());
    }

    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : json().get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.add(new Query(panel.get("title").asString(), target.get("refId").asString(),
                        target.path("legendFormat").asString(""), target.get("expr").asString()));
            }
        }
        return queries;
    }
}
