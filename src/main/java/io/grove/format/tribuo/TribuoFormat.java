package io.grove.format.tribuo;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grove.format.FormatModel;
import io.grove.format.FormatOptions;
import io.grove.format.ModelFile;
import io.grove.format.ModelFormat;
import io.grove.format.ModelFormatException;
import io.grove.scoring.OutputKind;
import io.grove.scoring.Scorer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

/**
 * Tribuo models saved in Tribuo's protobuf format ({@code Model.serializeToFile}) as {@code model.tribuo}:
 * classifiers and single-target regressors, compiled when they are random forests.
 *
 * <p>A Java-serialized file is refused before any of it is deserialized. The features are the
 * model's feature map in id order, which Tribuo sorts by name: that is not the order the model was
 * trained with, and the file does not record that order, so a model without a descriptor takes
 * named features only ({@link FormatModel#positional()} is {@code false}). Classes are in output-id
 * order. Tribuo has no notion of a missing value (it reads an absent feature as 0.0), so none is accepted.
 */
@Component
public class TribuoFormat implements ModelFormat {

    static final String FILE = "model.tribuo";
    private static final int JAVA_SERIALIZATION_MAGIC = 0xACED;

    @Override
    public String name() {
        return "tribuo";
    }

    @Override
    public List<String> fileNames() {
        return List.of(FILE);
    }

    @Override
    public FormatModel read(ModelFile file, FormatOptions options) {
        byte[] bytes = file.bytes();
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) << 8 | (bytes[1] & 0xFF)) == JAVA_SERIALIZATION_MAGIC) {
            throw new ModelFormatException("is Java-serialized, which Grove refuses to read; "
                    + "save the model in Tribuo's protobuf format (Model.serializeToFile)");
        }
        ModelProto form;
        Model<?> model;
        try {
            form = ModelProto.parseFrom(bytes);
            model = Model.deserialize(form);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new ModelFormatException("is not a readable Tribuo protobuf model (" + e.getClass().getSimpleName() + ")", e);
        }
        List<String> features = featureOrder(model);
        Object provenance = TrainingProvenance.of(model);
        if (model.validate(Label.class)) {
            @SuppressWarnings("unchecked")
            Model<Label> classifier = (Model<Label>) model;
            List<String> classes = classes(classifier.getOutputIDInfo());
            Scorer scorer = TribuoScorers.forClassifier(classifier, form, features, classes);
            return new FormatModel(scorer, OutputKind.CLASSIFICATION, features, false, classes, false, name(), provenance);
        }
        if (model.validate(Regressor.class)) {
            @SuppressWarnings("unchecked")
            Model<Regressor> regressor = (Model<Regressor>) model;
            int targets = regressor.getOutputIDInfo().size();
            if (targets != 1) {
                throw new ModelFormatException("predicts " + targets + " regression targets; Grove serves regressors "
                        + "of one target");
            }
            Scorer scorer = TribuoScorers.forRegressor(regressor, form, features);
            return new FormatModel(scorer, OutputKind.REGRESSION, features, false, List.of(), false, name(), provenance);
        }
        throw new ModelFormatException("holds a " + model.getClass().getSimpleName() + " that is neither a classifier "
                + "nor a regressor; Grove serves Tribuo classification and regression models");
    }

    /** The features in the order this format's scorers read them: the feature map's id order. */
    List<String> featureOrder(Model<?> model) {
        ImmutableFeatureMap map = model.getFeatureIDMap();
        List<String> names = new ArrayList<>(map.size());
        for (int id = 0; id < map.size(); id++) {
            names.add(map.get(id).getName());
        }
        return names;
    }

    private static List<String> classes(ImmutableOutputInfo<Label> info) {
        List<String> classes = new ArrayList<>(info.size());
        for (int id = 0; id < info.size(); id++) {
            classes.add(info.getOutput(id).getLabel());
        }
        return classes;
    }
}
