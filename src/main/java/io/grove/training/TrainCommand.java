package io.grove.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The training command: {@code ./mvnw -q compile exec:exec@train}, or with arguments
 * {@code CSV TARGET OUT [TREES] [SEED]}. Defaults rebuild the Iris model,
 * {@code models/iris/1/model.tribuo}, from {@code models/iris/iris.csv}.
 */
public final class TrainCommand {

    private TrainCommand() {
    }

    public static void main(String[] args) throws Exception {
        // Tribuo logs one INFO line per tree through java.util.logging.
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        Path csv = Path.of(arg(args, 0, "models/iris/iris.csv"));
        String target = arg(args, 1, "species");
        Path out = Path.of(arg(args, 2, "models/iris/1/model.tribuo"));
        int trees = Integer.parseInt(arg(args, 3, "50"));
        long seed = Long.parseLong(arg(args, 4, "42"));

        var result = new ForestTraining(csv, target, trees, seed, 0.8).train();
        Files.createDirectories(out.toAbsolutePath().getParent());
        result.model().serializeToFile(out);
        System.out.printf("Trained %d trees on %d rows of %s (seed %d); hold-out accuracy %.4f on %d rows; wrote %s%n",
                trees, result.trainRows(), csv, seed, result.holdoutAccuracy(), result.holdoutRows(), out);
    }

    private static String arg(String[] args, int i, String fallback) {
        return args.length > i ? args[i] : fallback;
    }
}
