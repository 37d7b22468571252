package saturn.engine.parallel;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs the two halves of a piece of work at once: half 0 on the calling thread, half 1 on
 * one helper thread. The helper spins for a short while after each task (the next one
 * usually follows within microseconds in a training step) and then parks. Hand-offs go
 * through volatile fields of reusable task objects: nothing is allocated per call.
 * One caller at a time.
 */
public final class TwoWay {

    /** Work that splits in two halves, {@code part(0)} and {@code part(1)}, independent of each other. */
    public interface Task {
        void part(int half);
    }

    /** Spin this long (ns) for the next task before parking. */
    private static final long SPIN_NANOS = 200_000;

    private final Thread helper;
    private volatile Task task;
    private volatile long done;   // number of tasks the helper finished
    private long issued;
    /** The thread inside {@link #run} (holding the lock), if any: a nested call from it must not hand out a second task. */
    private volatile Thread owner;
    private volatile Throwable failure;
    /**
     * Set by the helper just before it parks (and checked again after): a hand-off unparks it
     * only then. Unparking a spinning helper cost a lock and a condition signal every call.
     */
    private volatile boolean sleeping;

    public TwoWay(String name) {
        helper = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
        helper.start();
    }

    /** The helper thread's id (to count what it allocates). */
    public long helperThreadId() {
        return helper.threadId();
    }

    /**
     * Runs {@code t.part(0)} here and {@code t.part(1)} on the helper; returns when both are
     * done. Called again from inside a half (on either thread), both parts run here.
     */
    public void run(Task t) {
        Thread me = Thread.currentThread();
        if (me == helper || me == owner) {   // split again from inside a half: both halves here
            t.part(0);
            t.part(1);
            return;
        }
        synchronized (this) {
            owner = me;
            try {
                handOut(t);
            } finally {
                owner = null;
            }
        }
    }

    private void handOut(Task t) {
        issued++;
        task = t;
        if (sleeping) LockSupport.unpark(helper);   // volatile write, then read: it parks only after seeing no task
        Throwable mine = null;
        try {
            t.part(0);
        } catch (Throwable e) {
            mine = e;
        }
        while (done != issued) Thread.onSpinWait();
        Throwable theirs = failure;
        if (theirs != null) failure = null;
        if (mine == null) mine = theirs;
        if (mine instanceof RuntimeException r) throw r;
        if (mine instanceof Error e) throw e;
    }

    private void loop() {
        long seen = 0;
        while (true) {
            Task t = task;
            if (t == null) {
                long start = System.nanoTime();
                while ((t = task) == null && System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                if (t == null) {
                    sleeping = true;
                    if (task == null) LockSupport.park(this);
                    sleeping = false;
                    continue;
                }
            }
            task = null;
            try {
                t.part(1);
            } catch (Throwable e) {
                failure = e;
            }
            done = ++seen;
        }
    }
}
