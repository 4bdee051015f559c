package io.grove.hardening;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The real Grove, in its prod profile, with the real model on a random port, made easy to
 * overload (eight prediction requests in progress, one scoring slot, two waiting, 5 ms wait) and quick to give up on silent clients
 * (2 s connection timeout). Sixteen server threads, so that eight requests still reading their
 * bodies leave threads free to refuse the rest. Test classes with this annotation share one
 * application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ActiveProfiles("prod")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "grove.shutdown.drain-delay=0s",
        "grove.admission.max-requests=8",
        "grove.admission.max-concurrent=1",
        "grove.admission.max-queue=2",
        "grove.admission.max-wait=5ms",
        "server.tomcat.connection-timeout=2s",
        "server.tomcat.threads.max=16"})
@interface HardenedGroveTest {
}
