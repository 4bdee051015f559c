package io.grove.format.lightgbm;

import io.grove.scoring.FloatKeys;
import io.grove.scoring.LevelWalks;
import java.util.Arrays;

/**
 * The int keys by which {@link LevelWalks} compares a LightGBM row's doubles with the thresholds of
 * the trees it walks level by level: a value's key is how many of its feature's thresholds lie below
 * it, and so is a threshold's. For any thresholds, {@code v > t} exactly when {@code key(v) > key(t)}:
 * every threshold below {@code t} is below {@code v}, and {@code t} itself is too. So LightGBM's
 * double comparison is kept exactly, where a cast to float would lose it.
 *
 * <p>A value within {@link CompiledLightGBMScorer#ZERO_THRESHOLD} of zero is keyed as {@code 0.0},
 * as LightGBM's C API hands it to the trees; a missing value (NaN) takes
 * {@link FloatKeys#BELOW_ALL} in the first half of the row's keys and {@link FloatKeys#ABOVE_ALL} in
 * the second, as {@link LevelWalks} expects. Immutable and thread-safe.
 */
final class RankKeys {

    /** Each feature's distinct thresholds, ascending. */
    private final double[][] thresholds;

    /**
     * @param thresholds each feature's thresholds, in any order, with repeats; not NaN; copied
     */
    RankKeys(double[][] thresholds) {
        this.thresholds = new double[thresholds.length][];
        for (int j = 0; j < thresholds.length; j++) {
            double[] sorted = thresholds[j].clone();
            Arrays.sort(sorted);
            int distinct = 0;
            for (double t : sorted) {
                // == rather than equals: -0.0 and 0.0 are one threshold to a comparison
                if (distinct == 0 || t != sorted[distinct - 1]) {
                    sorted[distinct++] = t;
                }
            }
            this.thresholds[j] = Arrays.copyOf(sorted, distinct);
        }
    }

    /** The key of {@code value} (not NaN) of feature {@code feature}: how many of its thresholds are below it. */
    int key(int feature, double value) {
        double[] t = thresholds[feature];
        int low = 0;
        int high = t.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (t[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Puts one row's {@code 2 * width} keys into {@code keys} from {@code at}. */
    void keys(double[] row, int width, int[] keys, int at) {
        for (int j = 0; j < width; j++) {
            double v = row[j];
            if (v != v) {
                keys[at + j] = FloatKeys.BELOW_ALL;
                keys[at + width + j] = FloatKeys.ABOVE_ALL;
            } else {
                int key = key(j, Math.abs(v) <= CompiledLightGBMScorer.ZERO_THRESHOLD ? 0.0 : v);
                keys[at + j] = key;
                keys[at + width + j] = key;
            }
        }
    }
}
