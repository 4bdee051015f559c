package io.grove.format.xgboost;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.format.ModelFormat;
import io.grove.format.ModelFormatException;
import io.grove.scoring.OutputKind;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * XGBoost models as {@code Booster.save_model} writes them: {@code model.json}, or
 * {@code model.ubj} (UBJSON, XGBoost's default since 2.1). Both are read into the same
 * {@link XGBoostModel} and scored by {@link CompiledXGBoostScorer}, pure Java, equal to XGBoost's
 * own predictions.
 *
 * <p>What a model answers depends on its objective ({@link Objective}): {@code binary:logistic}
 * is a classifier of classes {@code "0"} and {@code "1"} with probabilities {@code [1 - p, p]};
 * {@code multi:softprob} and {@code multi:softmax} classifiers of classes {@code "0"} to
 * {@code "k-1"} with the softmax probabilities, the class being the largest margin; every other
 * objective is a regression: the sigmoid ({@code reg:logistic}), {@code exp} ({@code count:poisson},
 * {@code reg:gamma}, {@code reg:tweedie}) or the raw margin ({@code binary:logitraw}, {@code rank:*},
 * and the identity-link regressions). Features are positional (XGBoost is), named from the file's
 * {@code feature_names} or {@code f0..f{n-1}}; a missing value ({@code NaN}) takes each split's
 * default branch. Nothing native runs, so the {@link FormatOptions} do not apply. Stateless and
 * thread-safe.
 */
@Component
public final class XGBoostFormat implements ModelFormat {

    /** The name of the JSON model file. */
    public static final String JSON_FILE = "model.json";
    /** The name of the UBJSON model file. */
    public static final String UBJSON_FILE = "model.ubj";

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public List<String> fileNames() {
        return List.of(JSON_FILE, UBJSON_FILE);
    }

    @Override
    public FormatModel read(ModelFile file, FormatOptions options) {
        try {
            boolean json = switch (file.name()) {
                case JSON_FILE -> true;
                case UBJSON_FILE -> false;
                default -> throw new ModelFormatException("An XGBoost model file is named " + JSON_FILE + " or " + UBJSON_FILE
                        + ", not " + UbjsonReader.printable(file.name()) + ".");
            };
            XGBoostModel model = XGBoostModelReader.read(json ? JsonModelReader.read(file.bytes()) : UbjsonReader.read(file.bytes()));
            boolean classifier = model.objective().answer() == Objective.Answer.BINARY_CLASS
                    || model.objective().answer() == Objective.Answer.SOFTMAX_CLASS;
            List<String> classes = !classifier ? List.of()
                    : IntStream.range(0, Math.max(2, model.outputs())).mapToObj(Integer::toString).toList();
            return new FormatModel(new CompiledXGBoostScorer(model),
                    classifier ? OutputKind.CLASSIFICATION : OutputKind.REGRESSION,
                    model.featureNames(), true, classes, true, "xgboost",
                    XGBoostProvenance.of(model, json ? "json" : "ubjson"));
        } catch (OutOfMemoryError e) {
            throw new ModelFormatException("The model is too large to load in the memory available.");
        }
    }
}
