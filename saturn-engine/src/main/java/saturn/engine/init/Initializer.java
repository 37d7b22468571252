package saturn.engine.init;

import java.util.random.RandomGenerator;

/**
 * Fills a weight tensor given its fan-in, fan-out and a seeded generator. The same seed
 * gives the same weights. For a dense weight {@code [out, in]}: fan_in = in, fan_out = out.
 */
@FunctionalInterface
public interface Initializer {

    void fill(float[] w, int fanIn, int fanOut, RandomGenerator rng);
}
