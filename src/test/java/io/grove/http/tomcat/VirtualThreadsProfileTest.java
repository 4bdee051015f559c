package io.grove.http.tomcat;

import org.springframework.test.context.ActiveProfiles;

/** {@link ThreadModelTest} with the virtual-threads profile: Tomcat's handler threads are virtual. */
@ActiveProfiles("virtual-threads")
class VirtualThreadsProfileTest extends ThreadModelTest {

    @Override
    String expectedThreadName() {
        return "tomcat-handler-\\d+";
    }

    @Override
    int expectedPoolSize() {
        return 0;
    }
}
