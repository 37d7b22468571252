package saturn.engine.parallel;

/**
 * The engine's second core. With {@code --threads 2} or more and OpenBLAS, the engine
 * computes on two cores itself: OpenBLAS runs single-threaded and every large GEMM
 * ({@link SplitGemm}) and elementwise kernel is split in two, half on the calling thread and
 * half on one {@link TwoWay} helper. OpenBLAS's own threads only parallelize inside its
 * calls: the update and activation kernels between them ran on one core, and a Java thread
 * could not take the second one while OpenBLAS's idle workers spun on it. The split also
 * keeps each half of a layer's rows on the core that computed them. Set by
 * {@link saturn.engine.Backends#setThreads}; {@code -Dsaturn.split=false} leaves threading
 * to OpenBLAS instead.
 */
public final class Cores {

    private static final class Holder {
        static final TwoWay HELPER = new TwoWay("saturn-second-core");
    }

    private static volatile TwoWay active;

    private Cores() {
    }

    /** The helper to split work with when the engine runs on two cores, else null: run the work whole. */
    public static TwoWay helper() {
        return active;
    }

    /** The helper thread whether or not work is split by default (K-FAC's refresh uses it beside OpenBLAS's threads). */
    public static TwoWay twoWay() {
        return Holder.HELPER;
    }

    /**
     * Both halves of {@code task}: on two cores when {@code large} and the engine has them,
     * else {@code part(0)} then {@code part(1)} here.
     */
    public static void runBoth(TwoWay.Task task, boolean large) {
        TwoWay two = large ? active : null;
        if (two != null) {
            two.run(task);
        } else {
            task.part(0);
            task.part(1);
        }
    }

    /** Splits work between two cores from now on ({@code cores} ≥ 2), or stops splitting. */
    public static void use(int cores) {
        active = cores >= 2 ? Holder.HELPER : null;
    }
}
