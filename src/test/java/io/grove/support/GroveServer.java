package io.grove.support;

import io.grove.GroveApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Grove started in the test JVM on a random port, over a model repository of the test's
 * own, and stopped by {@link #close()}.
 *
 * <p>For a test method that changes the repository or the lifecycle of its versions: with a
 * server of its own it neither sees another method's changes nor leaves its own behind, whatever
 * order the methods run in. Unlike a {@link GroveTest} context it is never cached or shared.
 */
public final class GroveServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final ApiClient api;

    private GroveServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.api = new ApiClient(port());
    }

    /**
     * Starts Grove on {@code repository}.
     *
     * @param properties further settings, each {@code name=value}
     */
    public static GroveServer start(Path repository, String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--grove.model.repository=" + repository,
                // nothing routes traffic to a test server: closing it need not wait for a load balancer
                "--grove.shutdown.drain-delay=0s"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new GroveServer(new SpringApplicationBuilder(GroveApplication.class).main(GroveApplication.class).run(args.toArray(String[]::new)));
    }

    public int port() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** A client of this server. */
    public ApiClient api() {
        return api;
    }

    @Override
    public void close() {
        context.close();
    }
}
