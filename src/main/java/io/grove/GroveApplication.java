package io.grove;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Grove: serves trained models over REST.
 *
 * <p>Packages follow the serving pipeline: {@code model} is the model repository (discovery,
 * per-version lifecycle, loading), {@code scoring} validates input and scores it (a compiled
 * forest, Tribuo as the fallback), {@code admission} bounds how much work runs at once, and
 * {@code prediction} ties them together for the two front ends over it: {@code api}, Grove's
 * own REST API, and {@code oip}, the Open Inference Protocol. {@code security} and
 * {@code shutdown} guard the edges; {@code training} rebuilds the bundled model, and {@code aot}
 * is the training run that builds the JDK AOT cache from requests Grove serves itself.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GroveApplication {

    public static void main(String[] args) {
        SpringApplication.run(GroveApplication.class, args);
    }
}
