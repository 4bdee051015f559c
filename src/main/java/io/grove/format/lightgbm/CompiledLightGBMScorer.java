package io.grove.format.lightgbm;

import io.grove.scoring.FloatKeys;
import io.grove.scoring.LevelWalks;
import io.grove.scoring.OneRowWalk;
import io.grove.scoring.Score;
import io.grove.scoring.Scorer;
import java.util.Arrays;
import java.util.List;

/**
 * Scores rows with a LightGBM model flattened into primitive arrays at load time, reproducing
 * {@code LGBM_BoosterPredictForMat} on a dense row of doubles bit for bit up to the output transform:
 * <ul>
 *   <li>LightGBM's C API drops every value with {@code |v| <= kZeroThreshold} ({@code 1e-35f}) from
 *       the row it hands its predictor, which reads it as {@code 0.0}; a node whose decision could
 *       tell such a value from zero (a zero-as-missing node, or a threshold in
 *       {@code [-kZeroThreshold, kZeroThreshold)}) takes the branch {@code 0.0} takes;</li>
 *   <li>a numerical node ({@code Tree::NumericalDecision}) turns {@code NaN} into {@code 0.0} unless
 *       its missing type is NaN, sends a missing value (NaN for type NaN, a zero for type Zero) the
 *       default-left way, and otherwise goes left when {@code value <= threshold} in double;
 *       each node's branch for NaN and for zero is resolved once at load time;</li>
 *   <li>a categorical node ({@code Tree::CategoricalDecision}) sends NaN and negative values right,
 *       truncates the value to an {@code int} (values beyond the {@code int} range fall outside every
 *       bitset, as they do in LightGBM) and goes left when that category's bit is set;</li>
 *   <li>the raw score of each class is summed in double from 0, tree by tree in file order, as
 *       {@code GBDT::PredictRaw} does; with {@code average_output} it is divided by the number of
 *       iterations; then the objective's transform applies ({@link Objective}).</li>
 * </ul>
 * Raw scores are therefore bit-identical to LightGBM's. The transforms call {@link Math#exp} and
 * {@link Math#log1p}, while LightGBM calls the C library's {@code exp} and {@code log1p}; both are
 * within one ulp of the true value but not always the same double (glibc 2.36 and HotSpot's
 * {@code exp} differ in about one argument in 400), so where a transform exponentiates, its output may
 * differ from LightGBM's in the last bits: the oracle test bounds it at 4 ulps, the arithmetic after
 * {@code exp} being a sum and a division. {@code Math} rather than {@code StrictMath}: fdlibm's
 * {@code exp} differs from glibc's forty times as often.
 *
 * <p>What a walk reads of a node is packed into 32 bytes of one array ({@link #node}), so that a
 * step down a large model's trees costs one cache line rather than one per field; {@link #scoreAll}
 * scores a block of rows tree by tree, so that each tree is fetched once per block, with the same
 * sums in the same order as {@link #score}.
 *
 * <p>A tree whose every decision is a comparison with its threshold once NaN and zero are sent where
 * the node sends them (no categorical split, no zero-as-missing node that sends zero against its
 * threshold) is also laid out for {@link LevelWalks}, its thresholds and each row's values keyed by
 * rank ({@link RankKeys}): a block of rows walks it level by level, with no branch that depends on
 * the data, and a single row finds its leaves as {@link OneRowWalk} says.
 * The other trees are walked node by node; every sum keeps file order.
 *
 * <p>Immutable and thread-safe; {@link #score} allocates only its result. Nothing recursive: a walk
 * ends within a tree's node count, which {@link TreeReader} checked.
 */
final class CompiledLightGBMScorer implements Scorer {

    /** LightGBM's {@code kZeroThreshold}: a {@code double} initialised from the float {@code 1e-35f}. */
    static final double ZERO_THRESHOLD = 1e-35f;

    private static final byte NUMERICAL = 0;
    private static final byte NUMERICAL_ZERO_AWARE = 1;
    private static final byte CATEGORICAL = 2;

    /** Ints per node in {@link #node}. */
    private static final int STRIDE = 8;
    // Offsets in a node's STRIDE ints. A categorical node keeps its bitset's start and length where a
    // numerical one keeps its NaN and zero branches.
    private static final int THRESHOLD_LOW = 0, THRESHOLD_HIGH = 1, FEATURE = 2, KIND = 3, LEFT = 4, RIGHT = 5,
            NAN_NEXT = 6, ZERO_NEXT = 7, CAT_START = 6, CAT_WORDS = 7;

    private final int width;
    private final int outputs;
    private final Objective objective;
    private final double iterations;
    private final boolean averageOutput;
    private final int classes;

    // Nodes of all trees share the arrays. A reference is a node (>= 0) or ~leaf (< 0), leaves numbered
    // across all trees. Tree t starts at root[t] and adds to output t % outputs.
    private final int[] root;
    /**
     * Node {@code n}'s fields at {@code n * STRIDE}: its threshold's bits (low, high), feature, kind,
     * left and right children, and where NaN and a zero go (a numerical node) or its bitset's first
     * word and length (a categorical one). Children are references as above.
     */
    private final int[] node;
    private final int[] catBits;
    private final double[] leafValue;

    /** Rows scored together, tree by tree, in {@link #scoreAll} ({@link LevelWalks#block}). */
    private final int block;
    private final RankKeys ranks;
    /**
     * The trees laid out for {@link LevelWalks}, breadth-first, a split's right child after its left:
     * a split's key ({@link RankKeys}), where its value sits in a row of keys (its feature, plus the
     * width when NaN goes right), its left child's position; a leaf's {@link FloatKeys#NEVER_REACHED},
     * 0, its own position and its leaf number.
     */
    private final int[] packed;
    /** Each tree's root position in {@link #packed}, or -1 when it is walked node by node. */
    private final int[] levelRoot;
    private final int[] levelDepth;
    /** Whether a block of rows walks any tree level by level, and so needs its rows' keys. */
    private final boolean blocksWalkByLevel;
    private final OneRowWalk oneRow;

    CompiledLightGBMScorer(LightGBMModel model) {
        width = model.maxFeatureIdx() + 1;
        outputs = model.treesPerIteration();
        objective = model.objective();
        iterations = model.iterations();
        averageOutput = model.averageOutput();
        classes = objective.transform() == Objective.Transform.SIGMOID ? 2 : outputs;
        List<LightGBMTree> trees = model.trees();
        int nodes = 0;
        int leaves = 0;
        int words = 0;
        for (LightGBMTree tree : trees) {
            nodes += tree.nodes();
            leaves += tree.numLeaves();
            words += tree.catThreshold().length;
        }
        root = new int[trees.size()];
        node = new int[nodes * STRIDE];
        catBits = new int[words];
        leafValue = new double[leaves];
        int nodeBase = 0;
        int leafBase = 0;
        int wordBase = 0;
        for (int t = 0; t < trees.size(); t++) {
            LightGBMTree tree = trees.get(t);
            System.arraycopy(tree.leafValue(), 0, leafValue, leafBase, tree.numLeaves());
            System.arraycopy(tree.catThreshold(), 0, catBits, wordBase, tree.catThreshold().length);
            root[t] = tree.nodes() == 0 ? ~leafBase : nodeBase;
            for (int i = 0; i < tree.nodes(); i++) {
                int at = (nodeBase + i) * STRIDE;
                int l = reference(tree.leftChild()[i], nodeBase, leafBase);
                int r = reference(tree.rightChild()[i], nodeBase, leafBase);
                long bits = Double.doubleToRawLongBits(tree.threshold()[i]);
                node[at + THRESHOLD_LOW] = (int) bits;
                node[at + THRESHOLD_HIGH] = (int) (bits >>> 32);
                node[at + FEATURE] = tree.splitFeature()[i];
                node[at + LEFT] = l;
                node[at + RIGHT] = r;
                if (tree.categorical(i)) {
                    int k = (int) tree.threshold()[i];
                    node[at + KIND] = CATEGORICAL;
                    node[at + CAT_START] = wordBase + tree.catBoundaries()[k];
                    node[at + CAT_WORDS] = tree.catBoundaries()[k + 1] - tree.catBoundaries()[k];
                } else {
                    resolveNumerical(tree, i, at, l, r);
                }
            }
            nodeBase += tree.nodes();
            leafBase += tree.numLeaves();
            wordBase += tree.catThreshold().length;
        }
        block = LevelWalks.block(width);
        levelRoot = new int[trees.size()];
        levelDepth = new int[trees.size()];
        boolean[] walkable = levelWalkable(trees);
        ranks = new RankKeys(levelWalkThresholds(trees, walkable));
        packed = packForLevelWalks(trees, walkable);
        oneRow = new OneRowWalk(packed, width, levelRoot, levelDepth, walkable);
        blocksWalkByLevel = treesLevelWalkedInBlocks() > 0;
    }

    /**
     * Which trees decide at every node by the threshold alone once NaN and zero-like values go where
     * {@link #resolveNumerical} sends them: no categorical split, and no zero-aware node that sends a
     * zero elsewhere than its threshold sends 0.0.
     */
    private boolean[] levelWalkable(List<LightGBMTree> trees) {
        boolean[] walkable = new boolean[trees.size()];
        int nodeBase = 0;
        for (int t = 0; t < trees.size(); t++) {
            LightGBMTree tree = trees.get(t);
            walkable[t] = true;
            for (int i = 0; i < tree.nodes(); i++) {
                int at = (nodeBase + i) * STRIDE;
                int zeroByThreshold = 0.0 <= tree.threshold()[i] ? node[at + LEFT] : node[at + RIGHT];
                walkable[t] &= node[at + KIND] == NUMERICAL
                        || node[at + KIND] == NUMERICAL_ZERO_AWARE && node[at + ZERO_NEXT] == zeroByThreshold;
            }
            nodeBase += tree.nodes();
        }
        return walkable;
    }

    /** Each feature's thresholds in the trees walked level by level. */
    private double[][] levelWalkThresholds(List<LightGBMTree> trees, boolean[] walkable) {
        int[] count = new int[width];
        for (int t = 0; t < trees.size(); t++) {
            for (int i = 0; walkable[t] && i < trees.get(t).nodes(); i++) {
                count[trees.get(t).splitFeature()[i]]++;
            }
        }
        double[][] thresholds = new double[width][];
        for (int j = 0; j < width; j++) {
            thresholds[j] = new double[count[j]];
            count[j] = 0;
        }
        for (int t = 0; t < trees.size(); t++) {
            for (int i = 0; walkable[t] && i < trees.get(t).nodes(); i++) {
                int j = trees.get(t).splitFeature()[i];
                thresholds[j][count[j]++] = trees.get(t).threshold()[i];
            }
        }
        return thresholds;
    }

    /** Lays out the trees walked level by level for {@link LevelWalks}, setting their roots and depths. */
    private int[] packForLevelWalks(List<LightGBMTree> trees, boolean[] walkable) {
        int total = 0;
        for (int t = 0; t < trees.size(); t++) {
            total += walkable[t] ? 2 * trees.get(t).numLeaves() - 1 : 0;
        }
        int[] out = new int[4 * total];
        int next = 0;
        int nodeBase = 0;
        int leafBase = 0;
        for (int t = 0; t < trees.size(); t++) {
            LightGBMTree tree = trees.get(t);
            if (walkable[t]) {
                levelRoot[t] = 4 * next;
                levelDepth[t] = packTree(tree, next, nodeBase, leafBase, out);
                next += 2 * tree.numLeaves() - 1;
            } else {
                levelRoot[t] = -1;
            }
            nodeBase += tree.nodes();
            leafBase += tree.numLeaves();
        }
        return out;
    }

    /**
     * Lays out one tree breadth-first from node position {@code start}, each split's children side by
     * side; returns its depth. NaN goes where {@link #resolveNumerical} sent it.
     */
    private int packTree(LightGBMTree tree, int start, int nodeBase, int leafBase, int[] out) {
        int size = 2 * tree.numLeaves() - 1;
        int[] queue = new int[size];
        int[] level = new int[size];
        int tail = 0;
        queue[tail++] = tree.nodes() == 0 ? ~0 : 0;
        int depth = 0;
        for (int head = 0; head < tail; head++) {
            int reference = queue[head];
            int at = 4 * (start + head);
            depth = Math.max(depth, level[head]);
            if (reference < 0) {
                out[at] = FloatKeys.NEVER_REACHED;
                out[at + 2] = at;
                out[at + 3] = leafBase + ~reference;
                continue;
            }
            int i = reference;
            int feature = tree.splitFeature()[i];
            int resolved = (nodeBase + i) * STRIDE;
            boolean nanGoesLeft = node[resolved + NAN_NEXT] == node[resolved + LEFT];
            out[at] = ranks.key(feature, tree.threshold()[i]);
            out[at + 1] = feature + (nanGoesLeft ? 0 : width);
            out[at + 2] = 4 * (start + tail);
            level[tail] = level[head] + 1;
            queue[tail++] = tree.leftChild()[i];
            level[tail] = level[head] + 1;
            queue[tail++] = tree.rightChild()[i];
        }
        return depth;
    }

    private static int reference(int child, int nodeBase, int leafBase) {
        return child >= 0 ? nodeBase + child : ~(leafBase + ~child);
    }

    /** Decides once where NaN and zero-like values go at numerical node {@code i}, as NumericalDecision would. */
    private void resolveNumerical(LightGBMTree tree, int i, int at, int l, int r) {
        int missing = tree.missingType(i);
        int byDefault = tree.defaultLeft(i) ? l : r;
        double t = tree.threshold()[i];
        int zeroByThreshold = 0.0 <= t ? l : r;
        if (missing == LightGBMTree.MISSING_NAN) {
            node[at + NAN_NEXT] = byDefault;
        } else if (missing == LightGBMTree.MISSING_ZERO) {
            node[at + NAN_NEXT] = byDefault;  // NaN becomes 0.0, which is zero
        } else {
            node[at + NAN_NEXT] = zeroByThreshold;  // NaN becomes 0.0, compared with the threshold
        }
        if (missing == LightGBMTree.MISSING_ZERO) {
            node[at + KIND] = NUMERICAL_ZERO_AWARE;
            node[at + ZERO_NEXT] = byDefault;
        } else if (t >= -ZERO_THRESHOLD && t < ZERO_THRESHOLD) {
            // A value in [-kZeroThreshold, kZeroThreshold] reaches LightGBM's tree as 0.0, and this
            // threshold would send some of them elsewhere than 0.0 goes.
            node[at + KIND] = NUMERICAL_ZERO_AWARE;
            node[at + ZERO_NEXT] = zeroByThreshold;
        } else {
            node[at + KIND] = NUMERICAL;
        }
    }

    @Override
    public Score score(double[] row) {
        return perClass() ? perClass(averaged(rawAll(row))) : single(average(raw(row, 1)[0]));
    }

    /**
     * Scores the rows one by one where {@link OneRowWalk#scoresBatchesRowByRow} says that is faster
     * (a single output's sum), else {@link #scoreInBlocks}: the same answers either way.
     */
    @Override
    public Score[] scoreAll(double[][] rows) {
        return scoresBatchesRowByRow() ? Scorer.super.scoreAll(rows) : scoreInBlocks(rows);
    }

    /** Whether {@link #scoreAll} scores row by row. */
    boolean scoresBatchesRowByRow() {
        return !perClass() && oneRow.scoresBatchesRowByRow();
    }

    /** Scores the rows in blocks, tree by tree over each block: each row's sums in the same order as {@link #score}. */
    Score[] scoreInBlocks(double[][] rows) {
        Score[] out = new Score[rows.length];
        int block = Math.min(this.block, Math.max(rows.length, 1));
        double[] sums = new double[block * outputs];
        int[] keys = new int[blocksWalkByLevel ? 2 * block * width : 0];
        int[] at = new int[block];
        boolean perClass = perClass();
        for (int begin = 0; begin < rows.length; begin += block) {
            int n = Math.min(block, rows.length - begin);
            Arrays.fill(sums, 0.0);
            for (int k = 0; blocksWalkByLevel && k < n; k++) {
                ranks.keys(rows[begin + k], width, keys, 2 * width * k);
            }
            for (int t = 0; t < root.length; t++) {
                // A single-output transform sums every tree into one score, as raw() does.
                int output = perClass ? t % outputs : 0;
                if (levelRoot[t] >= 0 && levelDepth[t] <= LevelWalks.MAX_DEPTH) {
                    LevelWalks.leaves(packed, levelRoot[t], levelDepth[t], keys, width, n, at);
                    for (int k = 0; k < n; k++) {
                        sums[k * outputs + output] += leafValue[at[k]];
                    }
                } else {
                    for (int k = 0; k < n; k++) {
                        sums[k * outputs + output] += leafValue[~walk(root[t], rows[begin + k])];
                    }
                }
            }
            for (int k = 0; k < n; k++) {
                out[begin + k] = perClass
                        ? perClass(averaged(Arrays.copyOfRange(sums, k * outputs, (k + 1) * outputs)))
                        : single(average(sums[k * outputs]));
            }
        }
        return out;
    }

    /** Whether the transform reads one raw score per class (softmax, a sigmoid per class). */
    private boolean perClass() {
        return objective.transform() == Objective.Transform.SOFTMAX
                || objective.transform() == Objective.Transform.SIGMOID_PER_CLASS;
    }

    /** The answer of a single-output transform, from the raw score averaged as {@code average_output} says. */
    private Score single(double x) {
        return switch (objective.transform()) {
            case IDENTITY -> new Score.Regression(x);
            case SIGNED_SQUARE -> {
                int sign = (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0);
                yield new Score.Regression(sign * x * x);
            }
            case EXP -> new Score.Regression(Math.exp(x));
            case LOGISTIC -> new Score.Regression(1.0 / (1.0 + Math.exp(-x)));
            case SOFTPLUS -> new Score.Regression(Math.log1p(Math.exp(x)));
            case SIGMOID -> {
                double p = 1.0 / (1.0 + Math.exp(-objective.sigmoid() * x));
                double[] proba = {1.0 - p, p};
                yield new Score.Classification(argmax(proba), proba);
            }
            case SOFTMAX, SIGMOID_PER_CLASS ->
                    throw new IllegalStateException("a per-class transform has one score per class");
        };
    }

    /** The answer of a per-class transform, from the averaged raw scores, which it overwrites. */
    private Score perClass(double[] scores) {
        if (objective.transform() == Objective.Transform.SOFTMAX) {
            return softmax(scores);
        }
        for (int k = 0; k < outputs; k++) {
            scores[k] = 1.0 / (1.0 + Math.exp(-objective.sigmoid() * scores[k]));
        }
        return new Score.Classification(argmax(scores), scores);
    }

    /**
     * The raw score of each class for a row, in a new array (the caller's result): what LightGBM's
     * {@code C_API_PREDICT_RAW_SCORE} gives, which is not averaged even with {@code average_output}.
     */
    double[] rawAll(double[] row) {
        return raw(row, outputs);
    }

    /**
     * A row's raw scores summed into {@code groups} (tree {@code t} into {@code t % groups}), in a new
     * array, before {@code average_output}: the trees {@link #oneRow} walks first, then in file order.
     */
    private double[] raw(double[] row, int groups) {
        int[] walked = null;
        if (oneRow.walksAny()) {
            int[] keys = new int[2 * width];
            ranks.keys(row, width, keys, 0);
            if (groups == 1 && oneRow.sumsAll()) {
                return new double[] {oneRow.sumOfKeys(keys, leafValue, 0.0)};
            }
            walked = new int[root.length];
            oneRow.leavesOfKeys(keys, walked);
        }
        if (groups == 1) {
            // One sum in a register rather than in the array: the same additions in the same order,
            // without each waiting for the one before to reach memory and come back.
            double sum = 0.0;
            for (int t = 0; t < root.length; t++) {
                sum += treeValue(t, row, walked);
            }
            return new double[] {sum};
        }
        double[] out = new double[groups];
        for (int t = 0; t < root.length; t++) {
            out[t % groups] += treeValue(t, row, walked);
        }
        return out;
    }

    /** The value of the leaf tree {@code t} sends {@code row} to: found in {@code walked} if {@link #oneRow} walked it. */
    private double treeValue(int t, double[] row, int[] walked) {
        return leafValue[walked != null && oneRow.walks(t) ? walked[t] : ~walk(root[t], row)];
    }

    /** The raw scores as {@code GBDT::Predict} hands them to the transform: averaged in place with {@code average_output}. */
    private double[] averaged(double[] out) {
        if (averageOutput) {
            for (int k = 0; k < outputs; k++) {
                out[k] /= iterations;
            }
        }
        return out;
    }

    private double average(double raw) {
        return averageOutput ? raw / iterations : raw;
    }

    private int walk(int start, double[] row) {
        final int[] node = this.node;
        int n = start;
        while (n >= 0) {
            int at = n * STRIDE;
            double v = row[node[at + FEATURE]];
            int kind = node[at + KIND];
            if (kind == CATEGORICAL) {
                n = inCategory(at, v) ? node[at + LEFT] : node[at + RIGHT];
            } else if (kind == NUMERICAL_ZERO_AWARE && Math.abs(v) <= ZERO_THRESHOLD) {
                n = node[at + ZERO_NEXT];
            } else {
                double threshold = Double.longBitsToDouble(
                        ((long) node[at + THRESHOLD_HIGH] << 32) | (node[at + THRESHOLD_LOW] & 0xffffffffL));
                n = v <= threshold ? node[at + LEFT] : v > threshold ? node[at + RIGHT] : node[at + NAN_NEXT];
            }
        }
        return n;
    }

    private boolean inCategory(int at, double v) {
        if (Double.isNaN(v)) {
            return false;
        }
        int category = (int) v;
        if (category < 0) {
            return false;
        }
        int word = category >>> 5;
        return word < node[at + CAT_WORDS] && ((catBits[node[at + CAT_START] + word] >>> (category & 31)) & 1) != 0;
    }

    /** LightGBM's {@code Common::Softmax}, in place: subtract the maximum, exponentiate, sum in order, divide. */
    private static Score softmax(double[] x) {
        double max = x[0];
        for (int k = 1; k < x.length; k++) {
            max = x[k] < max ? max : x[k];  // std::max(x[k], max)
        }
        double sum = 0.0;
        for (int k = 0; k < x.length; k++) {
            x[k] = Math.exp(x[k] - max);
            sum += x[k];
        }
        for (int k = 0; k < x.length; k++) {
            x[k] /= sum;
        }
        return new Score.Classification(argmax(x), x);
    }

    /** The first class of highest probability. */
    private static int argmax(double[] proba) {
        int best = 0;
        for (int k = 1; k < proba.length; k++) {
            if (proba[k] > proba[best]) {
                best = k;
            }
        }
        return best;
    }

    /** How many trees a block of rows walks level by level. */
    int treesLevelWalkedInBlocks() {
        int n = 0;
        for (int t = 0; t < root.length; t++) {
            n += levelRoot[t] >= 0 && levelDepth[t] <= LevelWalks.MAX_DEPTH ? 1 : 0;
        }
        return n;
    }

    /** How many trees a single row walks level by level. */
    int treesLevelWalkedInOneRow() {
        int n = 0;
        for (int t = 0; t < root.length; t++) {
            n += oneRow.walks(t) ? 1 : 0;
        }
        return n;
    }

    /** The number of features a row has. */
    int width() {
        return width;
    }

    /** The number of classes of a classifier, or 1. */
    int classes() {
        return classes;
    }

    @Override
    public String kind() {
        return "compiled-forest";
    }
}
