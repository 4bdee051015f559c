package io.grove.model;

import io.grove.scoring.Features;
import io.grove.scoring.OutputKind;
import io.grove.scoring.Score;
import io.grove.scoring.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reference rows: inputs with the outputs the training library itself gave for them, scored by
 * the loaded model to measure how far the served model is from the model that was trained (a
 * converted model is not always the same model).
 *
 * <p>The file is CSV with a header: one column per feature, named as the descriptor or the model
 * file names it, in any order; then, for a classifier, {@code proba_<class>} for every class (other
 * columns, such as {@code label}, are ignored), or, for a regressor, {@code prediction}. {@code NaN}
 * is a missing value. The fixtures' {@code expected.csv} files have this layout. A row that breaks
 * the model's input rules is skipped and counted.
 */
final class ReferenceRows {

    /** Bounds what a descriptor can make Grove read and score at load. */
    static final long MAX_BYTES = 32L * 1024 * 1024;
    static final int MAX_ROWS = 200_000;

    private ReferenceRows() {
    }

    /**
     * Scores the reference rows and measures the largest absolute difference from the expected outputs.
     *
     * @param file      the CSV file, already confined to the repository
     * @param tolerance the largest difference accepted
     * @param model     the bound model
     * @return what the check found
     * @throws ModelLoadException if the file cannot be read or does not fit the model
     */
    static ReferenceCheck check(Path file, double tolerance, BoundModel model) {
        List<String> lines = read(file);
        if (lines.size() < 2) {
            throw new ModelLoadException("Reference rows " + file + " hold no row");
        }
        List<String> header = List.of(lines.getFirst().split(",", -1));
        ModelSignature signature = model.signature();
        String[] names = signature.featureNames().toArray(String[]::new);
        int[] featureColumn = columns(file, header, signature.featureNames(), "");
        boolean regressor = signature.output() == OutputKind.REGRESSION;
        int[] outputColumn = regressor ? columns(file, header, List.of("prediction"), "")
                : columns(file, header, signature.classes(), "proba_");
        double worst = 0.0;
        int worstRow = -1;
        int scored = 0;
        int skipped = 0;
        for (int r = 1; r < lines.size(); r++) {
            if (lines.get(r).isBlank()) {
                continue;
            }
            String[] cells = lines.get(r).split(",", -1);
            if (cells.length != header.size()) {
                throw new ModelLoadException("Reference rows " + file + " line " + (r + 1) + " has " + cells.length
                        + " cells; the header has " + header.size());
            }
            double[] row = new double[names.length];
            for (int f = 0; f < names.length; f++) {
                row[f] = number(file, r, cells[featureColumn[f]]);
            }
            List<Violation> violations = new ArrayList<>(0);
            double[] arranged = model.schema().arrange(new Features(names, row), r, violations);
            if (arranged == null) {
                skipped++;
                continue;
            }
            double[] got = outputs(model.scorer().score(arranged));
            for (int o = 0; o < outputColumn.length; o++) {
                double expected = number(file, r, cells[outputColumn[o]]);
                double difference = Math.abs(got[o] - expected);
                if (difference > worst || Double.isNaN(difference)) {
                    worst = Double.isNaN(difference) ? Double.POSITIVE_INFINITY : difference;
                    worstRow = r + 1;
                }
            }
            scored++;
        }
        if (scored == 0) {
            throw new ModelLoadException("Reference rows " + file + " hold no row the model accepts (" + skipped
                    + " break its input rules)");
        }
        return new ReferenceCheck(file.getFileName().toString(), scored, skipped, tolerance, worst, worstRow);
    }

    private static double[] outputs(Score score) {
        return switch (score) {
            case Score.Classification c -> c.proba();
            case Score.Regression v -> new double[] {v.value()};
        };
    }

    private static List<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ModelLoadException("Reference rows " + file + " do not exist");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ModelLoadException("Reference rows " + file + " are larger than " + MAX_BYTES + " bytes");
            }
            List<String> lines = Files.readAllLines(file);
            if (lines.size() > MAX_ROWS + 1) {
                throw new ModelLoadException("Reference rows " + file + " hold more than " + MAX_ROWS + " rows");
            }
            return lines;
        } catch (IOException e) {
            throw new ModelLoadException("Reference rows " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static int[] columns(Path file, List<String> header, List<String> wanted, String prefix) {
        int[] columns = new int[wanted.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = header.indexOf(prefix + wanted.get(i));
            if (columns[i] < 0) {
                throw new ModelLoadException("Reference rows " + file + " have no column " + prefix + wanted.get(i)
                        + "; the header is " + header);
            }
        }
        return columns;
    }

    private static double number(Path file, int line, String cell) {
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            throw new ModelLoadException("Reference rows " + file + " line " + (line + 1) + " has '" + cell
                    + "' where a number belongs");
        }
    }
}
