package io.grove.format.lightgbm;

import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.format.ModelFormat;
import io.grove.format.ModelFormatException;
import io.grove.scoring.OutputKind;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * LightGBM's model text, as {@code booster.save_model("model.txt")} writes it (format v3 and v4),
 * served by Grove's own compiled evaluator in pure Java: no native LightGBM at run time.
 *
 * <p>What the answer holds follows the objective: {@code binary} answers classes {@code "0"} and
 * {@code "1"} with {@code [1 - p, p]}; {@code multiclass} and {@code multiclassova} answer classes
 * {@code "0"} to {@code "k-1"} with the softmax, or each class's own sigmoid (which need not sum to 1);
 * every other objective answers a regression value: the transformed score LightGBM's {@code predict}
 * gives (the mean for the regression family, {@code exp} for poisson, gamma and tweedie, the
 * probability for cross_entropy, {@code log1p(exp)} for cross_entropy_lambda, the raw score for
 * lambdarank and rank_xendcg). Missing values ({@code NaN}) are defined for every model, as
 * LightGBM defines them; categorical features are sent as their (integer) category numbers.
 * Linear trees are refused. Stateless and thread-safe.
 */
@Component
public class LightGBMFormat implements ModelFormat {

    @Override
    public String name() {
        return "lightgbm";
    }

    @Override
    public List<String> fileNames() {
        return List.of("model.txt");
    }

    @Override
    public FormatModel read(ModelFile file, FormatOptions options) {
        LightGBMModel model = parse(file.bytes());
        CompiledLightGBMScorer scorer = new CompiledLightGBMScorer(model);
        boolean classifies = model.objective().classifies();
        List<String> classes = new ArrayList<>();
        if (classifies) {
            for (int k = 0; k < scorer.classes(); k++) {
                classes.add(Integer.toString(k));
            }
        }
        var provenance = new LightGBMProvenance("LightGBM", model.version(), model.objective().text(),
                model.trees().size(), model.iterations(), model.averageOutput());
        return new FormatModel(scorer, classifies ? OutputKind.CLASSIFICATION : OutputKind.REGRESSION,
                model.featureNames(), true, classes, true, "lightgbm", provenance);
    }

    /**
     * Reads and checks a model text; whatever the bytes, only a {@link ModelFormatException} escapes.
     * The reader bounds every allocation by the text's length and recurses nowhere, so a runtime
     * exception here is a bug in it, reported as a malformed file rather than let through.
     */
    static LightGBMModel parse(byte[] bytes) {
        try {
            return ModelReader.read(bytes);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException("the file is not a well-formed LightGBM model text (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
