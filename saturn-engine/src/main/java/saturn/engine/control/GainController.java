package saturn.engine.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import saturn.engine.model.LayerStats;
import saturn.engine.train.JsonLine;
import saturn.engine.train.StepControl;

/**
 * The gain controller ({@code --control}): after every diagnosed step it reads each hidden
 * layer's measured backward gain and gradient-to-weight ratio and acts on the network, so that
 * the signal keeps flowing while the weights move, not only at initialization.
 *
 * <p><b>Gain</b> ({@code gain=η}). A hidden layer's output is {@code a_l·φ(h_l)}; the gradient
 * reaching its pre-activation is {@code δ_l = a_l φ'(h_l) ⊙ W_{l+1}ᵀ δ_{l+1}}, so the measured
 * backward gain {@code χ_l = (rms δ_l / rms δ_{l+1})²} is proportional to {@code a_l²}. (With
 * LayerNorm before each activation the handle is the gain γ of the next layer's norm instead,
 * through which the gradient reaching layer l passes, {@link GainHandle}: χ_l grows with it,
 * though not as its square. The gain of a layer behind LayerNorm is a function of the norms'
 * γ alone — the same for every layer in the mean field — while each layer's measurement is
 * noisy and a move of one γ shifts its neighbours' gains too: moved one by one the γ spread
 * apart by 100× within 300 steps of a 100-layer tanh network; so with LayerNorm every γ moves
 * together, by the geometric mean of the gains.) The
 * controller multiplies {@code a_l} by {@code χ_l^(−η/2)}: with η = 1 it would set the gain to 1
 * in one move if nothing else changed; η &lt; 1 damps it, because the new {@code a_l} also moves
 * the next layer's pre-activations and with them its φ'. Each move is bounded to
 * [{@value #MOVE_MIN}, {@value #MOVE_MAX}], {@code a_l} to [a0/{@value #RANGE}, a0·{@value #RANGE}], and gains within
 * {@value #DEAD_BAND} of 1 (in log) are left alone. The last hidden layer (which feeds the
 * read-out, no gain measured) keeps its a. The scale's own gradient steps and its regularizer
 * (which pulls toward a0) go on as before.
 *
 * <p><b>Learning rates</b> ({@code lr=MAX}). Each hidden layer's ratio
 * {@code ρ_l = ‖∇W_l‖/‖W_l‖} (its weight matrices) against their geometric mean ρ̄ gives the
 * target factor {@code ρ̄/ρ_l} in [1/MAX, MAX]: a layer whose gradients have shrunk gets a larger
 * step, one whose gradients have grown a smaller one, and the mean step is unchanged. The factor
 * moves halfway (in log) to its target at each action, smoothing the noise of one batch.
 *
 * <p><b>Isometry</b> ({@code iso=λ}) acts every step inside the optimizer
 * ({@link IsometryPenalty}); the controller reports each matrix's relative distance from its
 * target isometry, {@code ‖G − cI‖_F/(c√k)}.
 *
 * <p>Everything it reads is the step's diagnostics, which do not depend on the thread count,
 * and everything it changes is saved by checkpoints (the scales are parameters, the factors and
 * the penalty's targets optimizer state), so a run with a controller keeps the same bits on any
 * number of cores and across an interruption.
 */
public final class GainController implements StepControl {

    static final double MOVE_MIN = 0.5;
    static final double MOVE_MAX = 2;
    static final double RANGE = 100;
    static final double DEAD_BAND = 0.02;
    /** The share (in log) of the way to its target a learning-rate factor moves per action. */
    static final double LR_SMOOTHING = 0.5;

    private final ControlSpec spec;
    private final GainHandle[] scales;
    private final double[] initialScales;
    private final int[] owner;
    /** Per hidden layer, the indices of its parameters (built once: an action then visits each once). */
    private final int[][] paramsOf;
    private final float[][] params;
    private final int[][] shapes;
    private final ControlledRates rates;
    private final IsometryPenalty iso;
    private final boolean[] isoSelected;
    private final boolean sharedGain;

    /**
     * @param scales  per hidden layer, its gain handle (null where it has none)
     * @param owner   per trainable parameter (optimizer order), its hidden layer, or −1 (the read-out)
     * @param params  the trainable parameters' arrays, in the same order
     * @param shapes  their shapes
     * @param rates   the learning-rate factors the controller sets; null without {@code lr}
     * @param iso     the isometry penalty; null without {@code iso}
     * @param isoSelected per parameter, whether the penalty covers it; null without {@code iso}
     * @param sharedGain  move every handle by the same factor, from the geometric mean of the
     *                    measured gains (LayerNorm networks), instead of each by its own layer's
     */
    public GainController(ControlSpec spec, GainHandle[] scales, int[] owner, float[][] params, int[][] shapes,
                          ControlledRates rates, IsometryPenalty iso, boolean[] isoSelected, boolean sharedGain) {
        if (spec.lr() != (rates != null)) throw new IllegalArgumentException("learning-rate factors are needed exactly with lr");
        if (spec.isometry() != (iso != null)) throw new IllegalArgumentException("the isometry penalty is needed exactly with iso");
        this.spec = spec;
        this.scales = scales.clone();
        this.initialScales = new double[scales.length];
        for (int l = 0; l < scales.length; l++) initialScales[l] = scales[l] == null ? Double.NaN : scales[l].value();
        this.owner = owner.clone();
        this.paramsOf = new int[scales.length][];
        for (int l = 0; l < scales.length; l++) {
            final int layer = l;
            paramsOf[l] = java.util.stream.IntStream.range(0, owner.length).filter(p -> owner[p] == layer).toArray();
        }
        this.params = params.clone();
        this.shapes = shapes.clone();
        this.rates = rates;
        this.iso = iso;
        this.isoSelected = isoSelected == null ? null : isoSelected.clone();
        this.sharedGain = sharedGain;
    }

    @Override
    public String act(long step, List<LayerStats> layers) {
        JsonLine out = new JsonLine();
        if (spec.gain()) out.putRaw("gain", gain(layers));
        if (spec.lr()) out.putRaw("lr", learningRates(layers));
        if (spec.isometry()) out.putRaw("iso", isometry());
        return out.toString();
    }

    /** One entry per hidden layer with a scale: its measured gain, the new a and why. */
    private String gain(List<LayerStats> layers) {
        List<String> entries = new ArrayList<>();
        int n = Math.min(layers.size(), scales.length);
        double[] chi = new double[n];
        double logSum = 0;
        int counted = 0;
        for (int l = 0; l < n; l++) {
            chi[l] = l + 1 < n ? square(layers.get(l).deltaRms() / layers.get(l + 1).deltaRms()) : Double.NaN;
            if (scales[l] != null && chi[l] > 0 && Double.isFinite(chi[l])) {
                logSum += Math.log(chi[l]);
                counted++;
            }
        }
        // shared: one move for every handle, from the geometric mean of the gains
        double shared = counted == 0 ? Double.NaN : Math.exp(logSum / counted);
        for (int l = 0; l < n; l++) {
            GainHandle s = scales[l];
            if (s == null) continue;
            double a = s.value();
            double g = sharedGain ? shared : chi[l];
            String measured = sharedGain ? "mean gain " + fmt(g) : "gain " + fmt(g);
            double next = a;
            String why;
            if (l + 1 >= n) {
                why = "feeds the read-out: no gain measured";
            } else if (!(g > 0 && Double.isFinite(g))) {
                why = "no backward gain measured (" + fmt(g) + ")";
            } else if (Math.abs(Math.log(g)) < DEAD_BAND) {
                why = measured + " within " + DEAD_BAND + " of 1 (log): kept";
            } else {
                double wanted = Math.pow(g, -spec.gainRate() / 2);
                double move = Math.min(MOVE_MAX, Math.max(MOVE_MIN, wanted));
                double a0 = initialScales[l];
                boolean bounded = move != wanted || a * move > a0 * RANGE || a * move < a0 / RANGE;
                next = Math.min(a0 * RANGE, Math.max(a0 / RANGE, a * move));
                s.multiply(next / a);
                next = s.value();
                why = measured + (g < 1 ? " < 1" : " > 1") + ": " + (sharedGain ? "gamma" : "a") + " x " + fmt(next / a)
                        + (bounded ? " (bounded)" : "");
            }
            entries.add(new JsonLine().put("layer", l).put("chi_emp", chi[l]).put("a", next).put("why", why).toString());
        }
        return "[" + String.join(",", entries) + "]";
    }

    /** One entry per hidden layer: its gradient-to-weight ratio, the new factor and why. */
    private String learningRates(List<LayerStats> layers) {
        int n = Math.min(layers.size(), scales.length);
        double[] ratio = new double[n];
        double logSum = 0;
        int counted = 0;
        for (int l = 0; l < n; l++) {
            double w = weightNorm(l);
            ratio[l] = layers.get(l).gradNorm() / w;
            if (ratio[l] > 0 && Double.isFinite(ratio[l])) {
                logSum += Math.log(ratio[l]);
                counted++;
            }
        }
        double mean = counted == 0 ? Double.NaN : Math.exp(logSum / counted);
        List<String> entries = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            double old = factorOf(l);
            double next = old;
            String why;
            if (!(ratio[l] > 0 && Double.isFinite(ratio[l])) || !(mean > 0)) {
                why = "no gradient-to-weight ratio measured (" + fmt(ratio[l]) + "): kept";
            } else {
                double target = Math.min(spec.lrMax(), Math.max(1 / spec.lrMax(), mean / ratio[l]));
                next = (float) Math.exp((1 - LR_SMOOTHING) * Math.log(old) + LR_SMOOTHING * Math.log(target));
                setFactor(l, (float) next);
                why = "grad/weight " + fmt(ratio[l]) + " vs mean " + fmt(mean) + ": target x" + fmt(target);
            }
            entries.add(new JsonLine().put("layer", l).put("ratio", ratio[l]).put("factor", next).put("why", why).toString());
        }
        return "[" + String.join(",", entries) + "]";
    }

    /** Per penalized matrix: its hidden layer and relative distance from its target isometry. */
    private String isometry() {
        List<String> entries = new ArrayList<>();
        for (int p = 0; p < params.length; p++) {
            if (!isoSelected[p]) continue;
            double c = iso.target(p);
            double dev = iso.relativeDeviation(p, params[p]);
            entries.add(new JsonLine().put("layer", owner[p]).put("target", c).put("deviation", dev).toString());
        }
        return new JsonLine().put("lambda", spec.iso()).putRaw("matrices", "[" + String.join(",", entries) + "]").toString();
    }

    private double weightNorm(int layer) {
        double s = 0;
        for (int p : paramsOf[layer]) {
            if (shapes[p].length != 2) continue;
            for (float v : params[p]) s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    private double factorOf(int layer) {
        return paramsOf[layer].length == 0 ? 1 : rates.factor(paramsOf[layer][0]);
    }

    private void setFactor(int layer, float m) {
        for (int p : paramsOf[layer]) rates.setFactor(p, m);
    }

    private static double square(double x) {
        return x * x;
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.3g", x);
    }
}
