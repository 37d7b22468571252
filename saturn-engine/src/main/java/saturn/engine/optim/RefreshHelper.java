package saturn.engine.optim;

import java.util.concurrent.locks.LockSupport;

/**
 * A second thread for work that splits in two independent halves, run beside the caller:
 * K-FAC's inverse refresh, hundreds of small Cholesky inversions that LAPACK does not spread
 * over two cores by itself (at n = 257 two OpenBLAS threads make one inversion only ~12%
 * faster), while two single-threaded inversions side by side take half the time. One daemon
 * thread for the process, started on first use; hand-offs by park/unpark on volatile fields,
 * so a refresh allocates nothing. One caller at a time (callers queue on the instance).
 */
final class RefreshHelper {

    private static final class Holder {
        static final RefreshHelper INSTANCE = new RefreshHelper();
    }

    private final Thread thread;
    private volatile Runnable task;
    private volatile boolean done;
    private volatile Thread waiter;
    private Throwable failure;

    private RefreshHelper() {
        thread = Thread.ofPlatform().name("saturn-refresh").daemon().unstarted(this::loop);
        thread.start();
    }

    static RefreshHelper get() {
        return Holder.INSTANCE;
    }

    /**
     * Runs {@code theirs} on the helper thread while the caller runs {@code mine}; returns when
     * both have finished. An exception of either is thrown here (the caller's first).
     */
    synchronized void runBeside(Runnable mine, Runnable theirs) {
        failure = null;
        done = false;
        waiter = Thread.currentThread();
        task = theirs;
        LockSupport.unpark(thread);
        try {
            mine.run();
        } finally {
            while (!done) LockSupport.park(this);
            waiter = null;
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
    }

    private void loop() {
        while (true) {
            Runnable t = task;
            if (t == null) {
                LockSupport.park(this);
                continue;
            }
            task = null;
            try {
                t.run();
            } catch (Throwable e) {
                failure = e;
            }
            Thread w = waiter;
            done = true;   // publishes failure and the task's writes to the waiter
            LockSupport.unpark(w);
        }
    }
}
