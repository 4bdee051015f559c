package io.grove.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.ApiClient.Reply;
import io.grove.support.GroveTest;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@GroveTest
class BatchPredictApiTest {

    @Autowired
    ApiClient api;

    @Test
    void answersOnePredictionPerRowInOrder() {
        Reply reply = api.postJson("/predict-batch",
                "{\"rows\":[[6.7,3.0,5.2,2.3],[5.1,3.5,1.4,0.2],[5.9,3.0,4.2,1.5],[5.1,3.5,1.4,0.2]]}");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("predictions")).extracting(p -> p.get("label").asString())
                .containsExactly("virginica", "setosa", "versicolor", "setosa");
        assertThat(json.get("predictions")).extracting(p -> p.get("class").asInt()).containsExactly(2, 0, 1, 0);
        assertThat(json.get("model").asString()).isEqualTo("iris");
        assertThat(json.get("version").asString()).isEqualTo("1");
    }

    @Test
    void batchAgreesWithSingleCalls() {
        String[] rows = {"[6.3,2.5,4.9,1.5]", "[6.0,2.2,5.0,1.5]", "[4.9,2.5,4.5,1.7]"};
        JsonNode batch = api.postJson("/predict-batch", "{\"rows\":[" + String.join(",", rows) + "]}").json();

        for (int i = 0; i < rows.length; i++) {
            JsonNode single = api.postJson("/predict", "{\"features\":" + rows[i] + "}").json();
            assertThat(batch.get("predictions").get(i).get("proba")).isEqualTo(single.get("proba"));
            assertThat(batch.get("predictions").get(i).get("class")).isEqualTo(single.get("class"));
        }
    }

    @Test
    void namesEveryBadRowAndValue() {
        Reply reply = api.postJson("/predict-batch",
                "{\"rows\":[[5.1,3.5,1.4,0.2],[-5.1,3.5,1.4,0.2],[5.1,3.5,1.4],[1,2,3,0]]}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("errors")).extracting(e -> e.get("field").asString())
                .containsExactly("rows[1][0]", "rows[2]", "rows[3][3]");
        assertThat(reply.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/rows/1/0");
    }

    @Test
    void wrongTypeInARowNamesIt() {
        Reply reply = api.postJson("/predict-batch", "{\"rows\":[[5.1,3.5,1.4,0.2],[5.1,\"x\",1.4,0.2]]}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("rows[1][1]");
        assertThat(reply.json().get("errors").get(0).get("message").asString()).isEqualTo("must be a number");
    }

    @Test
    void nullRowIs422() {
        Reply reply = api.postJson("/predict-batch", "{\"rows\":[[5.1,3.5,1.4,0.2],null]}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("rows[1]");
    }

    @Test
    void emptyBatchIs422() {
        assertThat(api.postJson("/predict-batch", "{\"rows\":[]}").status()).isEqualTo(422);
        assertThat(api.postJson("/predict-batch", "{}").status()).isEqualTo(422);
    }

    @Test
    void acceptsTheMaximumRowsAndRefusesOneMore() {
        assertThat(api.postJson("/predict-batch", rows(1000)).status()).isEqualTo(200);

        Reply tooMany = api.postJson("/predict-batch", rows(1001));

        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().get("errors").get(0).get("field").asString()).isEqualTo("rows");
        assertThat(tooMany.json().get("errors").get(0).get("message").asString()).contains("between 1 and 1000");
    }

    @Test
    void capsTheNumberOfReportedErrors() {
        Reply reply = api.postJson("/predict-batch", rows(1000).replace("5.1", "-5.1"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").size()).isEqualTo(100);
    }

    private static String rows(int n) {
        StringJoiner rows = new StringJoiner(",", "{\"rows\":[", "]}");
        for (int i = 0; i < n; i++) {
            rows.add("[5.1,3.5,1.4,0.2]");
        }
        return rows.toString();
    }
}
