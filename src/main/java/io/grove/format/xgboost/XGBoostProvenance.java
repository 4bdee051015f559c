package io.grove.format.xgboost;

import java.util.List;

/**
 * What {@code GET /models/{name}} shows of an XGBoost model: as the file tells it.
 *
 * @param library     always {@code xgboost}
 * @param version     the XGBoost version that saved the file, such as {@code 1.7.4}; empty if unknown
 * @param file        {@code json} or {@code ubjson}
 * @param objective   the objective's XGBoost name, such as {@code binary:logistic}
 * @param booster     always {@code gbtree}
 * @param trees       the number of trees
 * @param outputGroups the number of output groups (classes of a {@code multi:*} model, else 1)
 * @param numFeature  the number of features
 * @param baseScore   {@code base_score} per output group, in output space
 */
public record XGBoostProvenance(String library, String version, String file, String objective, String booster,
                                int trees, int outputGroups, int numFeature, List<Float> baseScore) {

    static XGBoostProvenance of(XGBoostModel model, String file) {
        Float[] scores = new Float[model.baseScore().length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = model.baseScore()[i];
        }
        return new XGBoostProvenance("xgboost", model.version(), file, model.objective().xgboostName(), "gbtree",
                model.trees().size(), model.outputs(), model.numFeature(), List.of(scores));
    }
}
