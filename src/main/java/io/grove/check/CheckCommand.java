package io.grove.check;

import io.grove.format.ModelFormat;
import io.grove.model.LoadedModel;
import io.grove.model.ModelLoadException;
import io.grove.model.ModelLoader;
import io.grove.model.ModelProperties;
import io.grove.model.ReferenceCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a model version before it is deployed, with the same loader the server uses: reads the
 * model file, checks it against its descriptor, warms it up and scores its reference rows, then
 * prints what Grove would serve. {@code ./mvnw -q compile exec:exec@check -Dcheck.version=DIR}, where
 * {@code DIR} is {@code <repository>/<name>/<version>}. Exits 0 when the version would serve, 1 when its
 * load fails (the reason is printed), 2 on a usage error.
 */
public final class CheckCommand {

    private CheckCommand() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))
                || Path.of(args[0]).toAbsolutePath().normalize().getNameCount() < 3) {
            System.err.println("usage: CheckCommand <repository>/<name>/<version>");
            System.exit(2);
        }
        Path version = Path.of(args[0]).toAbsolutePath().normalize();
        try (var formats = new AnnotationConfigApplicationContext("io.grove.format")) {
            List<ModelFormat> all = List.copyOf(formats.getBeansOfType(ModelFormat.class).values());
            var properties = new ModelProperties(version.getParent().getParent(), version.getParent().getFileName().toString(),
                    "", List.of(), Duration.ZERO, null, null, null, null);
            LoadedModel model = new ModelLoader(JsonMapper.builder().build(), all, properties).load(version);
            System.out.println(describe(model));
        } catch (ModelLoadException e) {
            System.out.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String describe(LoadedModel model) {
        var signature = model.signature();
        StringBuilder out = new StringBuilder()
                .append("OK: ").append(model.name()).append(" version ").append(model.version())
                .append(" (").append(model.format()).append(", scored by ").append(model.scorer().kind()).append(")\n")
                .append("  output:   ").append(signature.output()).append('\n')
                .append("  features: ").append(signature.featureNames())
                .append(model.schema().positional() ? "" : " (named only: the file records no order)").append('\n');
        if (!signature.classes().isEmpty()) {
            out.append("  classes:  ").append(signature.classes()).append('\n');
        }
        ReferenceCheck reference = model.reference();
        out.append("  reference rows: ").append(reference == null ? "none"
                : reference.rows() + " scored (" + reference.skipped() + " skipped), largest deviation "
                + reference.maxDeviation() + " at line " + reference.worstLine() + " of " + reference.file()
                + ", tolerance " + reference.tolerance()).append('\n');
        return out.append("  sha256:   ").append(model.sha256()).toString();
    }
}
