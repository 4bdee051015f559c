package io.grove.http.tomcat;

import org.springframework.test.context.TestPropertySource;

/** {@link ThreadModelTest} with an explicit {@code server.tomcat.threads.max}, which wins over two per processor. */
@TestPropertySource(properties = "server.tomcat.threads.max=3")
class ConfiguredThreadPoolTest extends ThreadModelTest {

    @Override
    int expectedPoolSize() {
        return 3;
    }
}
