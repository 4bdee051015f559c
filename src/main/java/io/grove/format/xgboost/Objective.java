package io.grove.format.xgboost;

import io.grove.format.ModelFormatException;
import java.util.Arrays;

/**
 * The XGBoost objectives Grove serves: how each turns {@code base_score} into a margin and the
 * margin into the answer. Taken from XGBoost's {@code src/objective/regression_loss.h},
 * {@code regression_obj.cu} and {@code multiclass_obj.cu} (1.7 to 3.4 agree on all of these):
 * {@code ProbToMargin} is the logit for the logistic objectives (not {@code binary:logitraw}, whose
 * margin is {@code base_score} itself), the natural log for the log-link ones and the identity
 * otherwise; {@code PredTransform} is the sigmoid, {@code expf} or softmax, in 32-bit floats.
 */
enum Objective {
    BINARY_LOGISTIC("binary:logistic", Link.LOGIT, Answer.BINARY_CLASS),
    BINARY_LOGITRAW("binary:logitraw", Link.IDENTITY, Answer.MARGIN),
    MULTI_SOFTPROB("multi:softprob", Link.IDENTITY, Answer.SOFTMAX_CLASS),
    MULTI_SOFTMAX("multi:softmax", Link.IDENTITY, Answer.SOFTMAX_CLASS),
    REG_SQUAREDERROR("reg:squarederror", Link.IDENTITY, Answer.MARGIN),
    REG_LOGISTIC("reg:logistic", Link.LOGIT, Answer.SIGMOID),
    REG_ABSOLUTEERROR("reg:absoluteerror", Link.IDENTITY, Answer.MARGIN),
    REG_PSEUDOHUBERERROR("reg:pseudohubererror", Link.IDENTITY, Answer.MARGIN),
    COUNT_POISSON("count:poisson", Link.LOG, Answer.EXP),
    REG_GAMMA("reg:gamma", Link.LOG, Answer.EXP),
    REG_TWEEDIE("reg:tweedie", Link.LOG, Answer.EXP),
    RANK_PAIRWISE("rank:pairwise", Link.IDENTITY, Answer.MARGIN),
    RANK_NDCG("rank:ndcg", Link.IDENTITY, Answer.MARGIN),
    RANK_MAP("rank:map", Link.IDENTITY, Answer.MARGIN);

    /** How {@code base_score}, stored in output space, becomes the margin every row starts from. */
    enum Link {
        IDENTITY, LOGIT, LOG
    }

    /** What a row's answer is made of. */
    enum Answer {
        /** Classes "0" and "1", probabilities {@code [1 - p, p]} with {@code p} the sigmoid of the margin. */
        BINARY_CLASS,
        /** Classes "0".."k-1", probabilities the softmax of the margins. */
        SOFTMAX_CLASS,
        /** A regression whose value is the margin itself. */
        MARGIN,
        /** A regression whose value is the sigmoid of the margin. */
        SIGMOID,
        /** A regression whose value is {@code exp} of the margin. */
        EXP
    }

    private final String xgboostName;
    private final Link link;
    private final Answer answer;

    Objective(String xgboostName, Link link, Answer answer) {
        this.xgboostName = xgboostName;
        this.link = link;
        this.answer = answer;
    }

    /** The objective's name in the model file. */
    String xgboostName() {
        return xgboostName;
    }

    Answer answer() {
        return answer;
    }

    /**
     * The objective of a model file.
     *
     * @throws ModelFormatException if Grove does not serve it
     */
    static Objective named(String name) {
        for (Objective o : values()) {
            if (o.xgboostName.equals(name)) {
                return o;
            }
        }
        throw new ModelFormatException("The objective \"" + UbjsonReader.printable(name) + "\" is not supported; Grove serves "
                + String.join(", ", Arrays.stream(values()).map(Objective::xgboostName).toList()) + ".");
    }

    /**
     * {@code ProbToMargin}: the margin of a {@code base_score}, in float as XGBoost computes it.
     * The logarithm is Java's, rounded to float, where XGBoost calls glibc's {@code logf}; the two
     * round differently on about 1 float in 4,000, in which case this margin (and so every margin
     * of the model) is one float ulp from XGBoost's. It is computed once per model; the common
     * {@code base_score} of 0.5 has the exact logit 0.
     *
     * @throws ModelFormatException if the base score is outside the link's domain, or its margin is not finite
     */
    float margin(float baseScore) {
        float m = switch (link) {
            case IDENTITY -> baseScore;
            // common::Logit: -logf(1.0f / x - 1.0f)
            case LOGIT -> -(float) Math.log(1.0f / baseScore - 1.0f);
            case LOG -> (float) Math.log(baseScore);
        };
        if (!Float.isFinite(m)) {
            throw new ModelFormatException("The base_score " + baseScore + " has no finite margin under " + xgboostName + ".");
        }
        return m;
    }
}
