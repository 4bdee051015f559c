package io.grove.admission;

import org.springframework.test.context.TestPropertySource;

/** {@link DispatchDelayTest} on Tomcat's platform-thread pool, as the low-latency profile runs. */
@TestPropertySource(properties = {"spring.threads.virtual.enabled=false", "server.tomcat.threads.max=4"})
class DispatchDelayOnPlatformThreadsTest extends DispatchDelayTest {
}
