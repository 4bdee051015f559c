package io.grove.format.lightgbm;

import io.grove.format.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a LightGBM model text ({@code booster.save_model("model.txt")}, format {@code v3} or {@code v4})
 * as {@code GBDT::LoadModelFromString} does: the header's {@code key=value} lines up to the first
 * {@code Tree=} line, then the trees, at the offsets {@code tree_sizes} gives when present, else one
 * after another; then the {@code end of trees} line, which Grove requires so that a truncated file is
 * refused. Feature importances, parameters and the parser section after it are ignored, as LightGBM's
 * predictor ignores them.
 *
 * <p>The text is handled one char per byte (ISO-8859-1), so that offsets are the byte offsets
 * {@code tree_sizes} counts; only feature names are decoded, as UTF-8.
 */
final class ModelReader {

    private ModelReader() {
    }

    static LightGBMModel read(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.indexOf('\0') >= 0) {
            throw new ModelFormatException("the file contains a NUL byte: it is not a LightGBM model text");
        }
        Map<String, String> header = new HashMap<>();
        int p = 0;
        int n = text.length();
        while (p < n) {
            int eol = lineEnd(text, p);
            if (eol > p) {
                String line = text.substring(p, eol);
                if (line.startsWith("Tree=")) {
                    break;
                }
                headerLine(line, header);
            }
            p = skipNewLine(text, eol);
        }
        int treesStart = p;

        String version = required(header, "version");
        if (!version.equals("v3") && !version.equals("v4")) {
            throw new ModelFormatException("its version " + Numbers.shorten(version) + " is not v3 or v4");
        }
        int numClass = Numbers.parseInt(required(header, "num_class"), "num_class");
        int perIteration = header.containsKey("num_tree_per_iteration")
                ? Numbers.parseInt(header.get("num_tree_per_iteration"), "num_tree_per_iteration") : numClass;
        required(header, "label_index");
        int maxFeatureIdx = Numbers.parseInt(required(header, "max_feature_idx"), "max_feature_idx");
        if (maxFeatureIdx < 0) {
            throw new ModelFormatException("max_feature_idx " + maxFeatureIdx + " is negative");
        }
        String[] names = Numbers.tokens(required(header, "feature_names"), maxFeatureIdx + 1, "feature_names");
        List<String> featureNames = new ArrayList<>(names.length);
        Set<String> distinct = new HashSet<>();
        for (String name : names) {
            String decoded = utf8(name);
            if (!distinct.add(decoded)) {
                // A row sent by name could not be placed (LightGBM's own predictor refuses a data header that repeats a name).
                throw new ModelFormatException("the feature name " + Numbers.shorten(decoded) + " appears more than once");
            }
            featureNames.add(decoded);
        }
        Numbers.tokens(required(header, "feature_infos"), maxFeatureIdx + 1, "feature_infos");
        Objective objective = header.containsKey("objective")
                ? Objective.parse(header.get("objective")) : Objective.custom("");
        checkClasses(objective, numClass, perIteration);

        List<LightGBMTree> trees = new ArrayList<>();
        int end = header.containsKey("tree_sizes")
                ? treesAtOffsets(text, treesStart, header.get("tree_sizes"), maxFeatureIdx, trees)
                : treesInSequence(text, treesStart, maxFeatureIdx, trees);
        if (!text.startsWith("end of trees", end) || lineEnd(text, end) != end + "end of trees".length()) {
            throw new ModelFormatException("the trees are not followed by an 'end of trees' line: the file is truncated or malformed");
        }
        if (trees.isEmpty()) {
            throw new ModelFormatException("the model has no trees");
        }
        if (trees.size() % perIteration != 0) {
            throw new ModelFormatException("its " + trees.size() + " trees are not a whole number of iterations of "
                    + perIteration + " trees");
        }
        return new LightGBMModel(version, numClass, perIteration, maxFeatureIdx, objective, featureNames,
                header.containsKey("average_output"), trees);
    }

    /** One header line, split on {@code '='} as LightGBM splits it (empty pieces skipped). */
    private static void headerLine(String line, Map<String, String> header) {
        List<String> pieces = new ArrayList<>(2);
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == '=') {
                if (i > start) {
                    if (pieces.size() == 2) {
                        pieces.add(null);
                        break;
                    }
                    pieces.add(line.substring(start, i));
                }
                start = i + 1;
            }
        }
        if (pieces.isEmpty()) {
            return;
        }
        if (pieces.size() == 1) {
            header.put(pieces.get(0), "");
        } else if (pieces.size() == 2) {
            header.put(pieces.get(0), pieces.get(1));
        } else if (pieces.get(0).equals("feature_names") || pieces.get(0).equals("monotone_constraints")) {
            header.put(pieces.get(0), line.substring(line.indexOf('=') + 1));
        } else {
            throw new ModelFormatException("the header line " + Numbers.shorten(line) + " has more than one '='");
        }
    }

    private static void checkClasses(Objective objective, int numClass, int perIteration) {
        if (numClass < 1) {
            throw new ModelFormatException("num_class " + numClass + " is less than 1");
        }
        boolean multi = objective.transform() == Objective.Transform.SOFTMAX
                || objective.transform() == Objective.Transform.SIGMOID_PER_CLASS;
        if (multi) {
            if (numClass < 2 || objective.numClass() != numClass || perIteration != numClass) {
                throw new ModelFormatException("the " + objective.name() + " objective's num_class " + objective.numClass()
                        + ", num_class " + numClass + " and num_tree_per_iteration " + perIteration + " disagree");
            }
        } else if (numClass != 1 || perIteration != 1) {
            throw new ModelFormatException("the " + objective.name() + " objective has one output, but num_class is "
                    + numClass + " and num_tree_per_iteration " + perIteration);
        }
    }

    /** Trees one after another, as LightGBM reads a file without {@code tree_sizes}; returns where they end. */
    private static int treesInSequence(String text, int p, int maxFeatureIdx, List<LightGBMTree> trees) {
        int n = text.length();
        while (p < n) {
            int eol = lineEnd(text, p);
            if (eol > p) {
                if (!text.startsWith("Tree=", p)) {
                    return p;
                }
                TreeReader.Parsed parsed = TreeReader.read(text, skipNewLine(text, eol), maxFeatureIdx, trees.size());
                trees.add(parsed.tree());
                p = parsed.end();
            }
            p = skipNewLine(text, p);
        }
        return p;
    }

    /**
     * Trees at the offsets {@code tree_sizes} gives, from the first {@code Tree=} line, as LightGBM reads
     * them; each must begin with a {@code Tree=} line and end within its size. Returns where they end.
     */
    private static int treesAtOffsets(String text, int start, String sizesLine, int maxFeatureIdx, List<LightGBMTree> trees) {
        long[] sizes = Numbers.longs(sizesLine, Numbers.countTokens(sizesLine), "tree_sizes");
        long offset = start;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] <= 0 || offset + sizes[i] > text.length()) {
                throw new ModelFormatException("tree_sizes puts tree " + i + " beyond the end of the file");
            }
            int at = (int) offset;
            int eol = lineEnd(text, at);
            if (!text.startsWith("Tree=", at)) {
                throw new ModelFormatException("tree_sizes points at no 'Tree=' line for tree " + i);
            }
            TreeReader.Parsed parsed = TreeReader.read(text, skipNewLine(text, eol), maxFeatureIdx, i);
            offset += sizes[i];
            if (parsed.end() > offset) {
                throw new ModelFormatException("tree " + i + " is longer than its tree_sizes entry " + sizes[i]);
            }
            trees.add(parsed.tree());
        }
        int p = (int) offset;
        while (p < text.length() && lineEnd(text, p) == p) {
            int next = skipNewLine(text, p);
            if (next == p) {
                break;
            }
            p = next;
        }
        return p;
    }

    private static String utf8(String latin1) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException("a feature name is not valid UTF-8", e);
        }
    }

    private static String required(Map<String, String> header, String key) {
        String value = header.get(key);
        if (value == null) {
            throw new ModelFormatException("the header has no " + key + " line");
        }
        return value;
    }

    /** LightGBM's {@code Common::GetLine}: the end of the line starting at {@code p}. */
    static int lineEnd(String text, int p) {
        int i = p;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** LightGBM's {@code Common::SkipNewLine}: past one {@code \r}, then one {@code \n}. */
    static int skipNewLine(String text, int p) {
        int i = p;
        if (i < text.length() && text.charAt(i) == '\r') {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '\n') {
            i++;
        }
        return i;
    }
}
