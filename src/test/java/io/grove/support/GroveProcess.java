package io.grove.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Grove JVM started as a child process with the test JVM's own {@code java} and classpath,
 * its output going to a file.
 */
public final class GroveProcess {

    private GroveProcess() {
    }

    /**
     * Starts {@code io.grove.GroveApplication} with {@code args} (e.g. {@code --server.port=0}).
     *
     * @param log where stdout and stderr go
     */
    public static Process start(Path log, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        // Surefire puts the real classpath here; java.class.path may be only its manifest jar.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", classpath, "io.grove.GroveApplication", "--spring.main.banner-mode=off"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    public static String output(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
