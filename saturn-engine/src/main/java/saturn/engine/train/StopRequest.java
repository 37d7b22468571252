package saturn.engine.train;

/**
 * Asks a running {@link Trainer} to stop after the current step, save a checkpoint and
 * return (Ctrl-C). Safe to call from any thread (a shutdown hook, a listener).
 */
public final class StopRequest {

    private volatile boolean requested;
    private final StopRequest parent;

    public StopRequest() {
        this(null);
    }

    private StopRequest(StopRequest parent) {
        this.parent = parent;
    }

    /** A request of its own that also holds once this one is requested (one run among several that stop together). */
    public StopRequest child() {
        return new StopRequest(this);
    }

    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested || parent != null && parent.requested();
    }
}
