package saturn.engine.train;

/**
 * Asks a running {@link Trainer} to stop after the current step, save a checkpoint and
 * return (Ctrl-C). Safe to call from any thread (a shutdown hook, a listener).
 */
public final class StopRequest {

    private volatile boolean requested;

    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }
}
