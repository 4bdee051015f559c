package io.grove.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Starts the real Grove application, with the real Iris model from {@code models/}, on a random
 * port. Tests reach it over HTTP with an {@code @Autowired} {@link ApiClient}; the context is
 * shared between test classes that use the same configuration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// No drain delay: nothing routes traffic to a test server, and each context close would wait for it.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "grove.shutdown.drain-delay=0s")
@Import(GroveTestConfiguration.class)
public @interface GroveTest {
}
