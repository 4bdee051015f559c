package io.grove.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the project's deployment tools (a script, promtool, node) as a real process from
 * the repository root, and returns its exit code and its output, stdout and stderr interleaved.
 * A process still running at the time limit is killed with its children and reported as such.
 */
record Command(int exitCode, String output) {

    static final Path ROOT = Path.of("").toAbsolutePath();

    static Command run(Duration limit, String... command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().put("NO_COLOR", "1");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " still running after " + limit
                        + "; output so far:\n" + output.getNow(""));
            }
            return new Command(process.exitValue(), output.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n" + output;
    }
}
