package saturn.engine.optim;

import java.util.Arrays;
import java.util.function.BiConsumer;

/** {@link ScaleBySmorms3}'s state: the memory (from 1) and the running g1, g2, per coordinate. */
public final class Smorms3State extends OptState {

    private final float[][] mem;
    private final float[][] g1;
    private final float[][] g2;

    Smorms3State(float[][] params) {
        mem = zerosLike(params);
        for (float[] m : mem) Arrays.fill(m, 1f);
        g1 = zerosLike(params);
        g2 = zerosLike(params);
    }

    public float[][] mem() {
        return mem;
    }

    public float[][] g1() {
        return g1;
    }

    public float[][] g2() {
        return g2;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("mem", mem);
        slot.accept("g1", g1);
        slot.accept("g2", g2);
    }
}
