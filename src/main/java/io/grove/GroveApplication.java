package io.grove;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Grove: serves trained models over REST.
 *
 * <p>Packages follow the serving pipeline: {@code model} finds, loads and holds models,
 * {@code inference} validates input and scores it, {@code admission} bounds how much scoring
 * runs at once, {@code api} is the HTTP front end over all three, and {@code oip} speaks the Open
 * Inference Protocol over the same models.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GroveApplication {

    public static void main(String[] args) {
        SpringApplication.run(GroveApplication.class, args);
    }
}
