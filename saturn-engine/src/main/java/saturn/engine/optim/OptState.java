package saturn.engine.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Explicit optimizer state: a step counter, which is all a transformation without arrays
 * keeps. A transformation with arrays has a state class of its own that extends this one
 * with typed fields ({@link AdamState}: {@code mu}, {@code nu}); a {@link Chain} holds its
 * parts' states ({@link ChainState}). Mutable, so that {@code update} allocates nothing.
 *
 * <p>Names exist only at the checkpoint boundary: {@link #arrays()} flattens every array to
 * a path such as {@code 0.mu.3} (part 0 of a chain, its slot {@code mu}, parameter 3),
 * {@link #counters()} every counter ({@code count}, {@code 0.count}, ...) and
 * {@link #scalars()} every real-valued scalar ({@code 0.d}: D-Adaptation's distance estimate).
 */
public class OptState {

    private long count;

    protected OptState() {
    }

    /** A state that is only a counter (it stays at 0 for transformations that do not count). */
    public static OptState empty() {
        return new OptState();
    }

    /** The number of steps taken. */
    public final long count() {
        return count;
    }

    /** Increments the counter and returns the new value (1 after the first update). */
    public final long increment() {
        return ++count;
    }

    /**
     * This state's own arrays for the checkpoint: each slot's name and its arrays (one per
     * parameter, or per layer for K-FAC's factors), in the order they are saved. None by default.
     */
    protected void slots(BiConsumer<String, float[][]> slot) {
    }

    /**
     * The names of this state's own real-valued scalars for the checkpoint (D-Adaptation's
     * {@code d}), in the order of {@link #scalarValues()}. None by default.
     */
    protected List<String> scalarNames() {
        return List.of();
    }

    /** The live values of {@link #scalarNames()}, which {@link #setScalar} writes into. */
    protected double[] scalarValues() {
        return NO_SCALARS;
    }

    private static final double[] NO_SCALARS = {};

    /** The states held inside this one, saved under their index. None by default. */
    public List<OptState> children() {
        return List.of();
    }

    /**
     * Every state array, flattened with path names: {@code mu.3} is slot {@code mu} of
     * parameter 3; children are prefixed by their index ({@code 0.mu.3}).
     */
    public final Map<String, float[]> arrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    /** Every counter, flattened: {@code count}, {@code 0.count}, ... */
    public final Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    /** Every real-valued scalar, flattened: {@code d}, {@code 0.d}, ... */
    public final Map<String, Double> scalars() {
        Map<String, Double> out = new LinkedHashMap<>();
        collectScalars("", out);
        return out;
    }

    /** Restores a scalar by its flattened name (the inverse of {@link #scalars()}). */
    public final void setScalar(String path, double value) {
        int at = scalarNames().indexOf(path);
        if (at >= 0) {
            scalarValues()[at] = value;
            return;
        }
        int dot = path.indexOf('.');
        if (dot < 0) throw new IllegalArgumentException("unknown scalar " + path);
        children().get(Integer.parseInt(path.substring(0, dot))).setScalar(path.substring(dot + 1), value);
    }

    private void collectScalars(String prefix, Map<String, Double> out) {
        List<String> names = scalarNames();
        double[] values = scalarValues();
        for (int i = 0; i < names.size(); i++) out.put(prefix + names.get(i), values[i]);
        List<OptState> children = children();
        for (int c = 0; c < children.size(); c++) children.get(c).collectScalars(prefix + c + ".", out);
    }

    /** Restores a counter by its flattened name (the inverse of {@link #counters()}). */
    public final void setCounter(String path, long value) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            if (!path.equals("count")) throw new IllegalArgumentException("unknown counter " + path);
            count = value;
        } else {
            children().get(Integer.parseInt(path.substring(0, dot))).setCounter(path.substring(dot + 1), value);
        }
    }

    private void collect(String prefix, Map<String, float[]> arrays, Map<String, Long> counters) {
        if (arrays != null) {
            slots((name, a) -> {
                for (int i = 0; i < a.length; i++) arrays.put(prefix + name + "." + i, a[i]);
            });
        }
        if (counters != null) counters.put(prefix + "count", count);
        List<OptState> children = children();
        for (int c = 0; c < children.size(); c++) children.get(c).collect(prefix + c + ".", arrays, counters);
    }

    /** One zero-filled array per parameter, each of its parameter's length. */
    protected static float[][] zerosLike(float[][] params) {
        float[][] out = new float[params.length][];
        for (int i = 0; i < params.length; i++) out[i] = new float[params[i].length];
        return out;
    }
}
