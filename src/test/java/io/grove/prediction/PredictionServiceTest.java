package io.grove.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grove.admission.AdmissionController;
import io.grove.admission.AdmissionProperties;
import io.grove.model.LoadedModel;
import io.grove.model.ModelNotFoundException;
import io.grove.model.ModelRegistry;
import io.grove.scoring.Features;
import io.grove.scoring.InvalidInputException;
import io.grove.scoring.Violation;
import io.grove.support.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The prediction service without HTTP: the shipped models, the real registry and admission. */
class PredictionServiceTest {

    private static final Features SETOSA = Features.positional(new double[] {5.1, 3.5, 1.4, 0.2});
    private static final Features VIRGINICA = Features.positional(new double[] {6.7, 3.0, 5.2, 2.3});

    private static ModelRegistry registry;
    private static PredictionService service;

    @BeforeAll
    static void start() {
        registry = TestModels.registry(Path.of("models"), "iris");
        AdmissionController admission = new AdmissionController(
                new AdmissionProperties(1, 4, Duration.ofSeconds(5), Duration.ofSeconds(1), 0, Duration.ZERO),
                new SimpleMeterRegistry());
        service = new PredictionService(registry, admission, new SimpleMeterRegistry(), new PredictionProperties(2));
    }

    @AfterAll
    static void stop() {
        registry.destroy();
    }

    @Test
    void predictsWithTheVersionItIsGiven() {
        LoadedModel iris = registry.require("iris", "1");
        PredictionResult result = service.predict(iris, SETOSA);

        assertThat(result.served()).isSameAs(iris);
        assertThat(result.predictions()).singleElement()
                .isInstanceOfSatisfying(Prediction.Classified.class, p -> assertThat(p.label()).isEqualTo("setosa"));
    }

    @Test
    void withoutANameTheDefaultModelAnswers() {
        assertThat(service.predict(null, null, SETOSA).served()).isSameAs(registry.require());
        assertThatThrownBy(() -> service.predict("nosuch", null, SETOSA)).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void aBatchAnswersEveryRowInOrder() {
        PredictionResult result = service.predictBatch(registry.require(), new Features[] {VIRGINICA, SETOSA});

        assertThat(result.predictions()).extracting(p -> ((Prediction.Classified) p).label())
                .containsExactly("virginica", "setosa");
    }

    @Test
    void aRegressorAnswersAValue() {
        LoadedModel diabetes = registry.require("diabetes", null);
        double[] row = diabetes.signature().example().stream().mapToDouble(Double::doubleValue).toArray();
        Features example = diabetes.schema().positional() ? Features.positional(row)
                : new Features(diabetes.signature().featureNames().toArray(String[]::new), row);

        assertThat(service.predict(diabetes, example).predictions()).singleElement()
                .isInstanceOfSatisfying(Prediction.Regressed.class, p -> assertThat(p.value()).isFinite());
    }

    @Test
    void aBatchOfNoRowsOrTooManyIsRefusedForTheRows() {
        assertThatThrownBy(() -> service.predictBatch(registry.require(), new Features[0]))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .containsExactly(Violation.ofRows("must hold between 1 and 2 rows, got 0")));
        assertThatThrownBy(() -> service.predictBatch(registry.require(), new Features[] {SETOSA, SETOSA, SETOSA}))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .containsExactly(Violation.ofRows("must hold between 1 and 2 rows, got 3")));
    }

    @Test
    void aBadValueInABatchIsReportedAtItsRowAndPosition() {
        Features bad = Features.positional(new double[] {0, 3.0, 5.2, 2.3});

        assertThatThrownBy(() -> service.predictBatch(registry.require(), new Features[] {SETOSA, bad}))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .containsExactly(Violation.atPosition(1, 0, "sepal_length", "must be greater than 0")));
    }
}
