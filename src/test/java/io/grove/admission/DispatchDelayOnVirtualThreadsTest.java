package io.grove.admission;

import org.springframework.test.context.ActiveProfiles;

/** {@link DispatchDelayTest} on virtual threads, as the virtual-threads profile serves. */
@ActiveProfiles("virtual-threads")
class DispatchDelayOnVirtualThreadsTest extends DispatchDelayTest {
}
