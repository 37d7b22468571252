package saturn.engine.parallel;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's cores: the calling thread and {@code size() - 1} pool threads. A piece of
 * work is a number of chunks; {@link #run} cuts {@code [0, chunks)} into at most
 * {@code size()} contiguous parts, runs part 0 on the caller and the others on pool threads, and
 * returns when all are done.
 *
 * <p><b>Same bits for any number of workers.</b> Which part a chunk lands in depends on the
 * worker count; what a chunk computes must not. Work whose chunks write disjoint outputs
 * (elementwise kernels, bands of a product's rows or columns) gives the same bits however it
 * is cut. Work that reduces (norms, column sums, dot products) must keep one partial result
 * per chunk, with chunk boundaries that depend on the problem's size alone, and add the
 * partials in chunk order after {@code run} returns. Every caller in the engine follows one
 * of these two patterns, so results do not depend on {@code --threads}.
 *
 * <p>When the pool is busy (another thread is inside {@link #run}, or {@code run} is called
 * from inside a part) the work runs whole on the calling thread: the same bits, later. Pool threads
 * spin for a short while after each part (the next one usually follows within microseconds
 * in a training step) and then park. Hand-offs go through volatile fields of per-thread
 * mailboxes: nothing is allocated per call.
 */
public final class Workers {

    /** Work on chunks {@code [from, to)}, part {@code part} of at most {@link #size()} (distinct parts run at once). */
    @FunctionalInterface
    public interface Task {
        void run(int part, int from, int to);
    }

    /** Spin this long (ns) for the next part before parking. */
    private static final long SPIN_NANOS = 200_000;

    private static final Object SWAP = new Object();
    /** Per thread: whether it is running a part (on every path, the caller's own and the inline one). */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);
    private static volatile Workers active = new Workers(1);

    private final PoolThread[] poolThreads;
    private final ReentrantLock lock = new ReentrantLock();
    private long generation;

    private Workers(int size) {
        poolThreads = new PoolThread[size - 1];
        for (int i = 0; i < poolThreads.length; i++) {
            poolThreads[i] = new PoolThread("saturn-worker-" + (i + 1));
            poolThreads[i].start();
        }
    }

    /** The pool the engine computes on (one worker, the caller, until {@link #use} says otherwise). */
    public static Workers pool() {
        return active;
    }

    /**
     * Computes on {@code threads} cores from now on: the calling thread and {@code threads - 1}
     * pool threads. The pool threads of a pool of another size are stopped.
     */
    public static void use(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        synchronized (SWAP) {
            Workers old = active;
            if (old.size() == threads) return;
            active = new Workers(threads);
            old.close();
        }
    }

    /** The number of workers, the caller included. */
    public int size() {
        return poolThreads.length + 1;
    }

    /** The pool threads' ids (to count what they allocate). */
    public long[] workerThreadIds() {
        long[] ids = new long[poolThreads.length];
        for (int i = 0; i < ids.length; i++) ids[i] = poolThreads[i].threadId();
        return ids;
    }

    /**
     * Whether the calling thread is running a part of some work, whatever the number of
     * workers (so the answer, and what a caller does with it, is the same on one worker as on
     * many): work started there runs whole on it.
     */
    public static boolean inside() {
        return Thread.currentThread() instanceof PoolThread || INSIDE.get()[0];
    }

    /** {@link #run(int, int, Task)} with as many parts as workers. */
    public void run(int chunks, Task task) {
        run(chunks, Integer.MAX_VALUE, task);
    }

    /**
     * Runs {@code task} over chunks {@code [0, chunks)} in at most {@code maxParts} contiguous
     * parts, part {@code p} holding chunks {@code [p·chunks/parts, (p+1)·chunks/parts)}.
     * Rethrows the first failure of any part once all have ended.
     */
    public void run(int chunks, int maxParts, Task task) {
        if (chunks <= 0) return;
        int parts = Math.min(Math.min(chunks, maxParts), size());
        boolean[] inside = Thread.currentThread() instanceof PoolThread ? null : INSIDE.get();
        if (parts <= 1 || inside == null || lock.isHeldByCurrentThread() || !lock.tryLock()) {
            runInside(inside, task, 0, 0, chunks);
            return;
        }
        try {
            long gen = ++generation;
            for (int p = 1; p < parts; p++) {
                poolThreads[p - 1].post(task, p, start(p, parts, chunks), start(p + 1, parts, chunks), gen);
            }
            Throwable failure = null;
            try {
                runInside(inside, task, 0, 0, start(1, parts, chunks));
            } catch (Throwable e) {
                failure = e;
            }
            for (int p = 1; p < parts; p++) {
                Throwable theirs = poolThreads[p - 1].await(gen);
                if (failure == null) failure = theirs;
            }
            if (failure instanceof RuntimeException r) throw r;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
        } finally {
            lock.unlock();
        }
    }

    /** {@code task.run} with the calling thread marked as inside a part ({@code inside} is null on a worker thread of the pool, which always is). */
    private static void runInside(boolean[] inside, Task task, int part, int from, int to) {
        if (inside == null) {
            task.run(part, from, to);
            return;
        }
        boolean was = inside[0];
        inside[0] = true;
        try {
            task.run(part, from, to);
        } finally {
            inside[0] = was;
        }
    }

    /** The first chunk of part {@code p} of {@code parts}. */
    static int start(int p, int parts, int chunks) {
        return (int) ((long) p * chunks / parts);
    }

    private void close() {
        for (PoolThread h : poolThreads) h.retire();
    }

    /** A pool thread and its mailbox. */
    private static final class PoolThread extends Thread {
        private Task task;
        private int part, from, to;
        private volatile long posted;
        private volatile long finished;
        private volatile boolean sleeping;
        private volatile boolean stopped;
        private Throwable failure;

        PoolThread(String name) {
            super(name);
            setDaemon(true);
        }

        /** Hands out one part; the plain fields are published by the volatile write of {@code posted}. */
        void post(Task task, int part, int from, int to, long gen) {
            this.task = task;
            this.part = part;
            this.from = from;
            this.to = to;
            posted = gen;
            if (sleeping) LockSupport.unpark(this);   // volatile write, then read: it parks only after seeing no post
        }

        /** Waits for the part of generation {@code gen}; returns its failure, or null. */
        Throwable await(long gen) {
            while (finished != gen) Thread.onSpinWait();
            Throwable f = failure;
            failure = null;
            task = null;
            return f;
        }

        void retire() {
            stopped = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            long seen = 0;
            while (!stopped) {
                long gen = posted;
                if (gen == seen) {
                    long start = System.nanoTime();
                    while ((gen = posted) == seen && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                    if (gen == seen) {
                        sleeping = true;
                        if (posted == seen && !stopped) LockSupport.park(this);
                        sleeping = false;
                        continue;
                    }
                }
                seen = gen;
                try {
                    task.run(part, from, to);
                } catch (Throwable e) {
                    failure = e;
                }
                finished = gen;
            }
        }
    }
}
