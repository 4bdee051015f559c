package io.grove.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The training command: {@code ./mvnw -q compile exec:exec@train} rebuilds both committed models,
 * deterministically: the Iris classifier {@code models/iris/1/model.tribuo} from
 * {@code models/iris/iris.csv} and the diabetes regressor {@code models/diabetes/1/model.tribuo} from
 * {@code models/diabetes/diabetes.csv}. With arguments, {@code classify CSV TARGET OUT [TREES] [SEED]}
 * or {@code regress CSV TARGET OUT [TREES] [SEED]} trains one forest from any CSV.
 */
public final class TrainCommand {

    private TrainCommand() {
    }

    public static void main(String[] args) throws Exception {
        // Tribuo logs one INFO line per tree through java.util.logging.
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        if (args.length == 0) {
            classify(Path.of("models/iris/iris.csv"), "species", Path.of("models/iris/1/model.tribuo"), 50, 42);
            regress(Path.of("models/diabetes/diabetes.csv"), "progression", Path.of("models/diabetes/1/model.tribuo"), 50, 42);
            return;
        }
        if (args.length < 4 || !(args[0].equals("classify") || args[0].equals("regress"))) {
            System.err.println("usage: TrainCommand [classify|regress CSV TARGET OUT [TREES] [SEED]]");
            System.exit(2);
        }
        int trees = Integer.parseInt(arg(args, 4, "50"));
        long seed = Long.parseLong(arg(args, 5, "42"));
        if (args[0].equals("classify")) {
            classify(Path.of(args[1]), args[2], Path.of(args[3]), trees, seed);
        } else {
            regress(Path.of(args[1]), args[2], Path.of(args[3]), trees, seed);
        }
    }

    private static void classify(Path csv, String target, Path out, int trees, long seed) throws Exception {
        var result = new ForestTraining(csv, target, trees, seed, 0.8).train();
        Files.createDirectories(out.toAbsolutePath().getParent());
        result.model().serializeToFile(out);
        System.out.printf("Trained %d trees on %d rows of %s (seed %d); hold-out accuracy %.4f on %d rows; wrote %s%n",
                trees, result.trainRows(), csv, seed, result.holdoutAccuracy(), result.holdoutRows(), out);
    }

    private static void regress(Path csv, String target, Path out, int trees, long seed) throws Exception {
        var result = new RegressionForestTraining(csv, target, trees, 10, seed, 0.8).train();
        Files.createDirectories(out.toAbsolutePath().getParent());
        result.model().serializeToFile(out);
        System.out.printf("Trained %d regression trees on %d rows of %s (seed %d); hold-out RMSE %.4f, R² %.4f on %d rows; "
                + "wrote %s%n", trees, result.trainRows(), csv, seed, result.holdoutRmse(), result.holdoutR2(),
                result.holdoutRows(), out);
    }

    private static String arg(String[] args, int i, String fallback) {
        return args.length > i ? args[i] : fallback;
    }
}
