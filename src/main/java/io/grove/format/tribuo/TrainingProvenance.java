package io.grove.format.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tribuo.Model;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;

/**
 * How a model was trained, from the provenance Tribuo stores in the model file, made fit to show
 * to API clients: local file paths (such as the training CSV's) are cut down to the file name, and
 * bookkeeping entries are left out. Immutable.
 *
 * @param trainer         the trainer's class
 * @param hyperParameters the trainer's configuration, nested trainers included
 * @param dataset         the training data: class, examples, features, outputs, source and its hash
 * @param trainedAt       when training finished
 * @param tribuoVersion   the Tribuo version that trained the model
 * @param javaVersion     the Java version that trained the model
 */
public record TrainingProvenance(
        String trainer,
        Map<String, Object> hyperParameters,
        Map<String, Object> dataset,
        OffsetDateTime trainedAt,
        String tribuoVersion,
        String javaVersion) {

    private static final String CLASS_NAME = "class-name";
    /** Bookkeeping, not configuration: who ran it where, and how often. */
    private static final Set<String> LEFT_OUT = Set.of("host-short-name", "tribuo-version", "train-invocation-count",
            "is-sequence", "datasource-creation-time");
    private static final Pattern LOCAL_PATH = Pattern.compile("^(file:|/|[A-Za-z]:[\\\\/]).*");

    /** Reads the provenance of a Tribuo model. */
    public static TrainingProvenance of(Model<?> model) {
        ModelProvenance provenance = model.getProvenance();
        Map<String, Object> trainer = map(provenance.getTrainerProvenance());
        String trainerClass = (String) trainer.remove(CLASS_NAME);
        return new TrainingProvenance(trainerClass, trainer, dataset(provenance.getDatasetProvenance()),
                provenance.getTrainingTime(), provenance.getTribuoVersion(), provenance.getJavaVersion());
    }

    private static Map<String, Object> dataset(DatasetProvenance provenance) {
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("class", provenance.getClassName());
        dataset.put("examples", provenance.getNumExamples());
        dataset.put("features", provenance.getNumFeatures());
        dataset.put("outputs", provenance.getNumOutputs());
        Map<String, Object> source = map(provenance.getSourceProvenance());
        Object hash = find(source, "resource-hash");
        if (hash != null) {
            dataset.put("hash", hash);
        }
        dataset.put("source", source);
        return dataset;
    }

    private static Map<String, Object> map(ObjectProvenance provenance) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Pair<String, Provenance> entry : provenance) {
            if (!LEFT_OUT.contains(entry.getA())) {
                out.put(entry.getA(), value(entry.getB()));
            }
        }
        return out;
    }

    private static Object value(Provenance provenance) {
        return switch (provenance) {
            case null -> null;
            case ObjectProvenance object -> map(object);
            case ListProvenance<?> list -> {
                List<Object> out = new ArrayList<>();
                list.forEach(p -> out.add(value(p)));
                yield out;
            }
            case MapProvenance<?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach(p -> out.put(p.getA(), value(p.getB())));
                yield out;
            }
            case PrimitiveProvenance<?> primitive -> primitive(primitive.getValue());
            default -> provenance.toString();
        };
    }

    private static Object primitive(Object value) {
        if (value instanceof Number || value instanceof Boolean || value == null) {
            return value;
        }
        String text = value.toString();
        if (LOCAL_PATH.matcher(text).matches()) {
            // keep the file name, which identifies the data; drop the directories, which only leak the trainer's machine
            Path fileName = Path.of(text.replaceFirst("^file:", "").replace('\\', '/')).getFileName();
            return fileName == null ? "" : fileName.toString();
        }
        return text;
    }

    private static Object find(Map<String, Object> map, String key) {
        if (map.containsKey(key)) {
            return map.get(key);
        }
        for (Object value : map.values()) {
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Object found = find((Map<String, Object>) nested, key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
