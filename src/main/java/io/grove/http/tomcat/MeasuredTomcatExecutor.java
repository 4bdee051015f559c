package io.grove.http.tomcat;

import io.grove.admission.DispatchDelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a Tomcat connector the executor it would have had (virtual threads when Boot set them up,
 * otherwise Tomcat's own pool built from the connector's thread settings) with one addition: every
 * task is {@linkplain DispatchDelay#measured(Runnable) stamped}, so request admission can see how
 * long a request waited for a thread. A custom executor configured by someone else is left alone.
 *
 * <p>The platform pool has {@code threads} threads, all started at once, unless that is 0, when
 * the connector's {@code server.tomcat.threads.*} settings decide. Its size is the gauge
 * {@code grove.server.threads}. Installed just before the connector starts, when all of Boot's
 * settings have been applied; shut down when the connector stops, since Tomcat only shuts down
 * executors it made itself.
 */
final class MeasuredTomcatExecutor implements LifecycleListener {

    private static final Logger log = LoggerFactory.getLogger(MeasuredTomcatExecutor.class);
    private static final long IDLE_THREAD_MILLIS = 60_000;       // Tomcat's default for its own pool
    private static final long TERMINATION_MILLIS = 5_000;

    private final int threads;
    private final MeterRegistry meters;

    MeasuredTomcatExecutor(int threads, MeterRegistry meters) {
        this.threads = threads;
        this.meters = meters;
    }

    @Override
    public void lifecycleEvent(LifecycleEvent event) {
        if (!(event.getLifecycle() instanceof Connector connector)
                || !(connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol)) {
            return;
        }
        switch (event.getType()) {
            case Lifecycle.BEFORE_START_EVENT -> install(protocol);
            case Lifecycle.AFTER_STOP_EVENT -> uninstall(protocol);
            default -> { }
        }
    }

    private void install(AbstractProtocol<?> protocol) {
        Executor current = protocol.getExecutor();
        if (current == null) {
            if (threads > 0) {
                protocol.setMaxThreads(threads);
                protocol.setMinSpareThreads(threads);
            }
            MeasuredPool pool = platformPool(protocol);
            pool.prestartAllCoreThreads();
            protocol.setExecutor(pool);
            Gauge.builder("grove.server.threads", pool, MeasuredPool::getMaximumPoolSize)
                    .description("Platform threads that serve requests").register(meters);
            log.info("Serving requests on {} platform threads", pool.getMaximumPoolSize());
        } else if (current.getClass() == VirtualThreadExecutor.class) {
            protocol.setExecutor(new MeasuredVirtualThreads("tomcat-handler-"));
            log.info("Serving requests on virtual threads");
        }
    }

    private static void uninstall(AbstractProtocol<?> protocol) {
        Executor current = protocol.getExecutor();
        if (current instanceof MeasuredPool pool) {
            pool.shutdownNow();
            awaitTermination(pool);
            protocol.setExecutor(null);
        } else if (current instanceof MeasuredVirtualThreads threads) {
            threads.shutdown();
            awaitTermination(threads);
        }
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(TERMINATION_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What Tomcat's {@code AbstractEndpoint.createExecutor()} builds, with measured tasks. */
    private static MeasuredPool platformPool(AbstractProtocol<?> protocol) {
        TaskQueue queue = new TaskQueue(protocol.getMaxQueueSize());
        TaskThreadFactory threads = new TaskThreadFactory(protocol.getName().replace("\"", "") + "-exec-", true,
                protocol.getThreadPriority());
        MeasuredPool pool = new MeasuredPool(Math.min(protocol.getMinSpareThreads(), protocol.getMaxThreads()),
                protocol.getMaxThreads(), queue, threads);
        queue.setParent(pool);
        return pool;
    }

    private static final class MeasuredPool extends ThreadPoolExecutor {

        MeasuredPool(int core, int max, TaskQueue queue, TaskThreadFactory threads) {
            super(core, max, IDLE_THREAD_MILLIS, TimeUnit.MILLISECONDS, queue, threads);
        }

        @Override
        public void execute(Runnable command) {
            super.execute(DispatchDelay.measured(command));
        }
    }

    private static final class MeasuredVirtualThreads extends VirtualThreadExecutor {

        MeasuredVirtualThreads(String namePrefix) {
            super(namePrefix);
        }

        @Override
        public void execute(Runnable command) {
            super.execute(DispatchDelay.measured(command));
        }
    }
}
