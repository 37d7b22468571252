package saturn.cli.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import saturn.engine.train.StopRequest;

/**
 * Ctrl-C during training: a JVM shutdown hook that asks the trainer to stop (it finishes the
 * current step and saves a checkpoint), waits until the command has written its files, then
 * halts with exit code 130. Removed when training ends on its own.
 */
public final class InterruptHook implements AutoCloseable {

    public static final int EXIT_INTERRUPTED = 130;

    private final StopRequest stop;
    private final IntConsumer halt;
    private final Duration patience;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;

    InterruptHook(StopRequest stop, IntConsumer halt, Duration patience) {
        this.stop = stop;
        this.halt = halt;
        this.patience = patience;
        this.thread = new Thread(this::onShutdown, "saturn-interrupt");
    }

    /** Installs the hook for real: {@code Runtime.halt(130)} once the trainer has stopped. */
    public static InterruptHook install(StopRequest stop) {
        InterruptHook h = new InterruptHook(stop, code -> Runtime.getRuntime().halt(code), Duration.ofMinutes(2));
        Runtime.getRuntime().addShutdownHook(h.thread);
        return h;
    }

    /** The hook's body: request the stop, wait for the command to finish, halt. */
    void onShutdown() {
        stop.request();
        try {
            finished.await(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        halt.accept(EXIT_INTERRUPTED);
    }

    /** Training and its files are done: let a pending hook halt, or remove the hook. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverInstalled) {
            // the hook is running (Ctrl-C) and will halt now that we are finished
        }
    }
}
