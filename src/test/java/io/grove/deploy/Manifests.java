package io.grove.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** YAML files of the repository read as plain maps and lists, and a path into them. */
final class Manifests {

    private Manifests() {
    }

    /** Every document of every .yaml file in a directory, in file-name order. */
    static List<Map<String, Object>> allIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(read(file));
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> read(Path file) {
        try {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml().loadAll(Files.readString(file))) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object of the given kind; fails when there is not exactly one. */
    static Map<String, Object> one(List<Map<String, Object>> documents, String kind) {
        List<Map<String, Object>> found = documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.getFirst();
    }

    /** The value at a dotted path such as {@code spec.template.spec.containers.0.ports}. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String path) {
        Object current = node;
        for (String step : path.split("\\.")) {
            current = switch (current) {
                case Map<?, ?> map -> map.get(step);
                case List<?> list -> list.get(Integer.parseInt(step));
                case null, default -> throw new AssertionError("no " + step + " in " + path);
            };
        }
        return (T) current;
    }
}
