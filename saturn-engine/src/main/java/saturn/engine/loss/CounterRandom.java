package saturn.engine.loss;

/**
 * Stateless random numbers for K-FAC's sampled targets: draw {@code i} of stream {@code seed}
 * is a fixed function of the two (SplitMix64's finalizer applied to {@code seed + (i+1)·γ}),
 * so a step's samples need no generator object — the statistics pass allocates nothing —
 * and are reproducible from the step's seed alone (resumed runs draw the same targets).
 */
final class CounterRandom {

    /** The golden-ratio increment of SplitMix64. */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private CounterRandom() {
    }

    /** 64 well-mixed bits for draw {@code i} of stream {@code seed}. */
    static long bits(long seed, long i) {
        long z = seed + (i + 1) * GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform double in [0, 1): the top 53 bits. */
    static double uniform(long seed, long i) {
        return (bits(seed, i) >>> 11) * 0x1.0p-53;
    }

    /** A standard normal draw by Box–Muller from draws 2i and 2i+1 (the cosine branch). */
    static double gaussian(long seed, long i) {
        double u1 = 1.0 - uniform(seed, 2 * i);   // (0, 1]: log stays finite
        double u2 = uniform(seed, 2 * i + 1);
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
