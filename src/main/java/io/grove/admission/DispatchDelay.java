package io.grove.admission;

/**
 * How long the request being handled waited for a server thread after the server saw it arrive.
 *
 * <p>Under overload most of a request's latency is spent here, in Tomcat's executor queue or the
 * virtual-thread scheduler, before any of Grove's code runs and where no in-process gate can see
 * it. The server's executor wraps each task with {@link #measured(Runnable)}; the request admission
 * then reads the wait with {@link #take()} and refuses a request that waited longer than
 * {@code grove.admission.max-dispatch-delay}, so the answers that are given are given on time.
 */
public final class DispatchDelay {

    private static final ScopedValue<Stamp> STAMP = ScopedValue.newInstance();

    private DispatchDelay() {
    }

    /**
     * Wraps a server task so that the request it handles can learn how long the task waited.
     *
     * @param task what the server's executor was asked to run
     * @return the task, stamped with the time it was handed to the executor
     */
    public static Runnable measured(Runnable task) {
        Stamp stamp = new Stamp(System.nanoTime());
        return () -> ScopedValue.where(STAMP, stamp).run(task);
    }

    /**
     * The wait of the current request, in nanoseconds, measured once: a later request handled by
     * the same task (pipelined on its connection) did not wait for a thread and reads 0, as does
     * code running outside a measured task.
     */
    public static long take() {
        return STAMP.isBound() ? STAMP.get().take() : 0;
    }

    private static final class Stamp {

        private final long handedOverAt;
        private boolean taken;

        Stamp(long handedOverAt) {
            this.handedOverAt = handedOverAt;
        }

        long take() {
            if (taken) {
                return 0;
            }
            taken = true;
            return System.nanoTime() - handedOverAt;
        }
    }
}
