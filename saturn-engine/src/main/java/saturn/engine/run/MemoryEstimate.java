package saturn.engine.run;

import java.util.Locale;
import saturn.engine.model.Shortcut;

/**
 * What a run's model needs in memory, known before anything is allocated: its parameters with
 * their gradients and optimizer state, K-FAC's curvature blocks, and the activations and
 * gradients of one batch. A lower bound of what training allocates (buffers of the fused
 * paths, diagnostics and the data set come on top), so a refusal is certain to be right.
 *
 * @param parameters  weights and biases of the network
 * @param largest     elements of its largest array: a weight matrix, or a batch's activations of one layer
 * @param bytes       the estimate, in bytes
 */
public record MemoryEstimate(long parameters, long largest, long bytes) {

    /**
     * Floats per parameter: the weight, its gradient, two optimizer slots (Adam's moments), and
     * the update of a diagnosed step (step 1 is diagnosed; its update is computed apart from the
     * weights, on the composed path).
     */
    private static final long FLOATS_PER_PARAMETER = 5;
    /** Floats per unit and example: pre-activation, activation, and their gradients. */
    private static final long FLOATS_PER_ACTIVATION = 4;
    /** The most elements one Java array holds. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** The estimate for this plan on inputs of {@code inputs} features and {@code classes} classes. */
    public static MemoryEstimate of(RunPlan plan, int inputs, int classes) {
        RunSpec s = plan.spec();
        if (s.layer().recurrent() && plan.recurrentSetup() != null) {
            int steps = plan.recurrentSetup().steps();
            return recurrent(s.layer().cell().gates(), inputs / steps, steps, s.depth(), s.width(), classes, s.batch());
        }
        return of(inputs, s.depth(), s.width(), classes, s.batch(), s.residual().shortcut() == Shortcut.HIGHWAY,
                s.optimizer().name().equals("kfac"));
    }

    /**
     * The estimate for an MLP of {@code depth} hidden layers of {@code width} units on
     * {@code inputs} features, trained in batches of {@code batch}.
     *
     * @param highway each hidden layer of equal widths has a second, gating dense layer
     * @param kfac    K-FAC's curvature blocks come on top
     */
    public static MemoryEstimate of(int inputs, int depth, int width, int classes, int batch, boolean highway,
                                    boolean kfac) {
        long w = width;
        long params = 0;
        long largest = 0;
        long blocks = 0;
        long in = inputs;
        for (int l = 0; l < depth; l++) {
            long matrix = saturating(in, w);
            long layer = matrix + w;
            if (highway && in == w) layer = saturatingAdd(layer, layer);   // the gate's own dense layer
            params = saturatingAdd(params, layer);
            largest = Math.max(largest, matrix);
            blocks = saturatingAdd(blocks, saturatingAdd(saturating(in + 1, in + 1), saturating(w, w)));
            in = w;
        }
        long readout = saturating(in, classes);
        params = saturatingAdd(params, readout + classes);
        largest = Math.max(largest, readout);
        blocks = saturatingAdd(blocks, saturatingAdd(saturating(in + 1, in + 1), (long) classes * classes));

        largest = Math.max(largest, saturating(batch, Math.max(w, Math.max(inputs, classes))));
        long floats = saturating(params, FLOATS_PER_PARAMETER);
        long units = saturatingAdd(saturating(w, depth), (long) inputs + classes);
        floats = saturatingAdd(floats, saturating(saturating(units, batch), FLOATS_PER_ACTIVATION));
        long bytes = saturating(floats, Float.BYTES);
        // K-FAC keeps each dense layer's two factors and their inverses in double precision
        if (kfac) bytes = saturatingAdd(bytes, saturating(blocks, 2L * Double.BYTES));
        return new MemoryEstimate(params, largest, bytes);
    }

    /**
     * The estimate for {@code depth} stacked recurrent layers of {@code width} units with
     * {@code gates} gate blocks, over {@code steps} steps of {@code in} inputs: the parameters as
     * for an MLP, and per layer and example every step's pre-activations and their derivatives
     * ({@code 2·gates·width}) and states, kept for backpropagation through time.
     */
    public static MemoryEstimate recurrent(int gates, int in, int steps, int depth, int width, int classes, int batch) {
        long gh = (long) gates * width;
        long params = 0;
        long largest = 0;
        long l0 = in;
        for (int l = 0; l < depth; l++) {
            long matrix = saturating(gh, l0 + width);
            params = saturatingAdd(params, saturatingAdd(matrix, 2 * gh));
            largest = Math.max(largest, matrix);
            l0 = width;
        }
        params = saturatingAdd(params, saturating(width, classes) + classes);
        long rows = saturating(steps, batch);
        long perLayer = saturating(rows, 2 * gh + 4L * width);
        largest = Math.max(largest, saturating(rows, gh));
        long floats = saturatingAdd(saturating(params, FLOATS_PER_PARAMETER), saturating(perLayer, depth));
        floats = saturatingAdd(floats, saturating(rows, 2L * in + 2L * width));
        return new MemoryEstimate(params, largest, saturating(floats, Float.BYTES));
    }

    /**
     * Refuses a model that cannot be built: a weight matrix beyond one array, or more memory
     * than {@code available} bytes.
     *
     * @throws IllegalArgumentException with one line: what it needs and what there is
     */
    public void requireFits(long available, long limit) {
        if (largest > MAX_ARRAY) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "this network needs an array of %s elements (a weight matrix, or a batch's activations of one layer); "
                            + "one array holds at most %s: choose a smaller --width or --batch",
                    count(largest), count(MAX_ARRAY)));
        }
        if (bytes > available) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "this network needs at least %s of memory (%s parameters with their gradients and optimizer state, "
                            + "and the activations of one batch); %s is free of the %s this JVM may use (-Xmx): "
                            + "choose a smaller --width, --depth or --batch", size(bytes), count(parameters),
                    size(available), size(limit)));
        }
    }

    /** {@link #requireFits(long, long)} against this JVM's heap: its limit less what is in use. */
    public void requireFitsHeap() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        requireFits(Math.max(0, rt.maxMemory() - used), rt.maxMemory());
    }

    static String size(long bytes) {
        if (bytes >= Long.MAX_VALUE / 2) return "more than 4 EB";
        double gb = bytes / 1e9;
        return gb >= 1 ? String.format(Locale.ROOT, "%.1f GB", gb) : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    static String count(long n) {
        if (n >= Long.MAX_VALUE / 2) return "more than 10^18";
        return n >= 1_000_000 ? String.format(Locale.ROOT, "%.3g", (double) n).replace("e+0", "e").replace("e+", "e")
                : Long.toString(n);
    }

    private static long saturating(long a, long b) {
        long r = Math.multiplyHigh(a, b) == 0 ? a * b : Long.MAX_VALUE;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
