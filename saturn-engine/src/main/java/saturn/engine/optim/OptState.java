package saturn.engine.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explicit optimizer state: named per-parameter slots (e.g. Adam's {@code mu}, {@code nu},
 * one float array per parameter), a step counter, and the states of inner transformations
 * (for {@code chain}). Mutable so that {@code update} allocates nothing; every array is
 * reachable through {@link #arrays()} so a checkpoint can save and restore it.
 */
public final class OptState {

    private final Map<String, float[][]> slots = new LinkedHashMap<>();
    private final List<OptState> children = new ArrayList<>();
    private long count;

    public static OptState empty() {
        return new OptState();
    }

    /** A state with one zero-filled slot array per parameter for each slot name. */
    public static OptState withSlots(float[][] params, String... names) {
        OptState s = new OptState();
        for (String name : names) {
            float[][] arrays = new float[params.length][];
            for (int i = 0; i < params.length; i++) arrays[i] = new float[params[i].length];
            s.slots.put(name, arrays);
        }
        return s;
    }

    /**
     * Adds a slot whose arrays need not match the parameters (K-FAC's per-layer factors);
     * returns this state.
     */
    public OptState withSlot(String name, float[][] arrays) {
        if (slots.containsKey(name)) throw new IllegalArgumentException("slot '" + name + "' exists");
        slots.put(name, arrays);
        return this;
    }

    public static OptState ofChildren(List<OptState> children) {
        OptState s = new OptState();
        s.children.addAll(children);
        return s;
    }

    public float[][] slot(String name) {
        float[][] a = slots.get(name);
        if (a == null) throw new IllegalArgumentException("no optimizer slot '" + name + "' (have " + slots.keySet() + ")");
        return a;
    }

    public List<OptState> children() {
        return children;
    }

    public long count() {
        return count;
    }

    /** Increments the counter and returns the new value (1 after the first update). */
    public long increment() {
        return ++count;
    }

    /**
     * Every state array, flattened with path names: {@code mu.3} is slot {@code mu} of
     * parameter 3; children are prefixed by their index ({@code 0.mu.3}).
     */
    public Map<String, float[]> arrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    /** Every counter, flattened: {@code count}, {@code 0.count}, ... */
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    /** Restores a counter by its flattened name (the inverse of {@link #counters()}). */
    public void setCounter(String path, long value) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            if (!path.equals("count")) throw new IllegalArgumentException("unknown counter " + path);
            count = value;
        } else {
            children.get(Integer.parseInt(path.substring(0, dot))).setCounter(path.substring(dot + 1), value);
        }
    }

    private void collect(String prefix, Map<String, float[]> arrays, Map<String, Long> counters) {
        if (arrays != null) {
            for (var e : slots.entrySet()) {
                float[][] a = e.getValue();
                for (int i = 0; i < a.length; i++) arrays.put(prefix + e.getKey() + "." + i, a[i]);
            }
        }
        if (counters != null) counters.put(prefix + "count", count);
        for (int c = 0; c < children.size(); c++) children.get(c).collect(prefix + c + ".", arrays, counters);
    }
}
