package io.grove.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of Grove's Prometheus text exposition, read into its samples, so that a test can
 * compare two scrapes: what its own requests added to a counter, rather than whether a counter
 * that every test's traffic feeds is above zero.
 *
 * @param samples  every sample line, in the order scraped
 * @param families the metric families its {@code # TYPE} lines declare
 */
public record PrometheusText(List<Sample> samples, Set<String> families) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) \\S+$");

    /**
     * One sample.
     *
     * @param name   the sample's name, with any {@code _count}, {@code _sum} or {@code _bucket} suffix
     * @param labels its labels, escapes left as sent
     * @param value  its value
     */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public PrometheusText {
        samples = List.copyOf(samples);
        families = Set.copyOf(families);
    }

    /** Reads {@code GET path} of Grove's, asserting it answered 200 with the text format. */
    public static PrometheusText scrape(ApiClient api, String path) {
        ApiClient.Reply reply = api.get(path);
        assertThat(reply.status()).as(path).isEqualTo(200);
        assertThat(reply.contentType()).as(path).startsWith("text/plain");
        return parse(reply.body());
    }

    /** Reads {@code GET /actuator/prometheus}. */
    public static PrometheusText scrape(ApiClient api) {
        return scrape(api, "/actuator/prometheus");
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Set<String> families = new TreeSet<>();
        for (String line : text.lines().toList()) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                families.add(type.group(1));
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                int end = 0;
                while (label.lookingAt()) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                    label.region(end, sample.group(2).length());
                }
                assertThat(end).as("labels of %s", line).isEqualTo(sample.group(2).length());
            }
            samples.add(new Sample(sample.group(1), Map.copyOf(labels), Double.parseDouble(sample.group(3))));
        }
        return new PrometheusText(samples, families);
    }

    /** The samples named {@code name} that carry every label given, as {@code label, value} pairs. */
    public List<Sample> series(String name, String... labels) {
        assertThat(labels.length % 2).as("label, value pairs").isZero();
        return samples.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
    }

    /**
     * The sum of the samples named {@code name} that carry every label given; 0 if there is none,
     * as for a counter not yet registered.
     */
    public double sum(String name, String... labels) {
        return series(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** The value of the one sample named {@code name} with the labels given, asserting there is exactly one. */
    public double value(String name, String... labels) {
        List<Sample> found = series(name, labels);
        assertThat(found).as("%s with labels %s", name, List.of(labels)).hasSize(1);
        return found.getFirst().value();
    }
}
