package saturn.engine.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saturn.engine.kfac.KfacOptimizer;
import saturn.engine.model.Model;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.Optimizers;
import saturn.engine.optim.Schedule;

/**
 * An optimizer and its hyperparameters, the literature's defaults unless given
 * ({@code rmsprop} centered, {@code lion} with wd = 0.01, {@code kfac} with damping = 0.01).
 * The resolved values go to the run's {@code config.yaml}.
 *
 * @param params every hyperparameter of the optimizer, defaults filled in (flags as 0/1)
 */
public record OptimizerSpec(String name, Map<String, Double> params) {

    /** Each optimizer's hyperparameters and their defaults, in the order shown. */
    private static final Map<String, Map<String, Double>> DEFAULTS = new LinkedHashMap<>();
    /** Hyperparameters that are flags: {@code rmsprop:centered} means {@code centered=1}. */
    private static final List<String> FLAGS = List.of("centered", "layers");
    /** Hyperparameters that count steps, written as integers. */
    private static final List<String> COUNTS = List.of("every", "stats", "warmup");

    static {
        DEFAULTS.put("sgd", Map.of());
        DEFAULTS.put("momentum", ordered("beta", 0.9));
        DEFAULTS.put("nesterov", ordered("beta", 0.9));
        DEFAULTS.put("adam", ordered("b1", 0.9, "b2", 0.999, "eps", 1e-8));
        DEFAULTS.put("adamw", ordered("b1", 0.9, "b2", 0.999, "eps", 1e-8, "wd", 0.01));
        DEFAULTS.put("rprop", ordered("eta_plus", 1.2, "eta_minus", 0.5, "step_min", 1e-6, "step_max", 50.0));
        DEFAULTS.put("rmsprop", ordered("decay", 0.9, "eps", 1e-8, "centered", 0.0, "momentum", 0.0));
        DEFAULTS.put("adagrad", ordered("eps", 1e-10));
        DEFAULTS.put("smorms3", ordered("eps", 1e-16));
        DEFAULTS.put("signsgd", Map.of());
        DEFAULTS.put("signum", ordered("beta", 0.9));
        DEFAULTS.put("lion", ordered("b1", 0.9, "b2", 0.99, "wd", 0.0));
        DEFAULTS.put("lars", ordered("momentum", 0.9, "trust", 0.001, "wd", 0.0));
        DEFAULTS.put("lamb", ordered("b1", 0.9, "b2", 0.999, "eps", 1e-6, "wd", 0.0));
        DEFAULTS.put("kfac", ordered("momentum", 0.0, "damping", 1e-3, "decay", 0.95, "stats", 10.0, "every", 20.0,
                "kl_clip", 1e-3, "fallback_lr", 1e-3));
        DEFAULTS.put("dadapt", ordered("b1", 0.9, "b2", 0.999, "eps", 1e-8, "wd", 0.0, "d0", 1e-6));
        DEFAULTS.put("prodigy", ordered("b1", 0.9, "b2", 0.999, "eps", 1e-8, "wd", 0.0, "d0", 1e-6, "d_coef", 1.0));
        DEFAULTS.put("schedulefree", ordered("b1", 0.9, "b2", 0.999, "eps", 1e-8, "wd", 0.0, "warmup", 0.0));
        DEFAULTS.put("vsgd", ordered("c", 100.0, "eps", 1e-9, "probe", 1.0, "layers", 0.0));
    }

    /** The accepted values, for the error message and {@code --help}. */
    public static final List<String> NAMES = List.copyOf(DEFAULTS.keySet());

    private static Map<String, Double> ordered(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        return m;
    }

    /**
     * An optimizer with the given hyperparameters over its defaults (flags as 0/1).
     *
     * @throws IllegalArgumentException for an unknown optimizer or parameter, or a value out of range
     */
    public static OptimizerSpec of(String name, Map<String, Double> given) {
        Map<String, Double> defaults = DEFAULTS.get(name);
        if (defaults == null) {
            throw new IllegalArgumentException("unknown value '" + name + "' for --optimizer; choose one of "
                    + String.join(", ", NAMES));
        }
        Map<String, Double> params = new LinkedHashMap<>(defaults);
        given.forEach((key, x) -> {
            if (!params.containsKey(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' for --optimizer " + name + "; "
                        + (params.isEmpty() ? "it takes none" : "known: " + String.join(", ", params.keySet())));
            }
            if (!(x >= 0)) throw new IllegalArgumentException("--optimizer " + name + " " + key + " must be >= 0, got " + x);
            params.put(key, x);
        });
        OptimizerSpec c = new OptimizerSpec(name, params);
        c.validate();
        return c;
    }

    /** An optimizer with its default hyperparameters. */
    public static OptimizerSpec of(String name) {
        return of(name, Map.of());
    }

    /** Whether a hyperparameter is a flag, given by its name alone ({@code rmsprop:centered}). */
    public static boolean isFlag(String key) {
        return FLAGS.contains(key);
    }

    private void validate() {
        for (String b : List.of("b1", "b2", "beta", "decay", "momentum")) {
            if (params.containsKey(b) && !(params.get(b) < 1)) {
                throw new IllegalArgumentException("--optimizer " + name + ": " + b + " must be in [0, 1), got " + params.get(b));
            }
        }
        if (name.equals("rprop") && !(get("eta_plus") > 1 && get("eta_minus") < 1 && get("eta_minus") > 0
                && get("step_min") > 0 && get("step_min") <= get("step_max"))) {
            throw new IllegalArgumentException("--optimizer rprop needs eta_plus > 1, 0 < eta_minus < 1, 0 < step_min <= step_max");
        }
        if (name.equals("kfac") && !(get("damping") > 0 && get("every") >= 1 && get("every") == Math.rint(get("every"))
                && get("stats") >= 1 && get("stats") == Math.rint(get("stats")))) {
            throw new IllegalArgumentException("--optimizer kfac needs damping > 0 and integers every >= 1, stats >= 1");
        }
        if (name.equals("lars") && !(get("trust") > 0)) throw new IllegalArgumentException("--optimizer lars needs trust > 0");
        if (params.containsKey("d0") && !(get("d0") > 0)) throw new IllegalArgumentException("--optimizer " + name + " needs d0 > 0");
        if (name.equals("prodigy") && !(get("d_coef") > 0)) throw new IllegalArgumentException("--optimizer prodigy needs d_coef > 0");
        if (name.equals("vsgd") && !(get("c") >= 1 && get("probe") > 0)) {
            throw new IllegalArgumentException("--optimizer vsgd needs c >= 1 (the slow start overestimates) and probe > 0");
        }
        if (name.equals("schedulefree") && get("warmup") != Math.rint(get("warmup"))) {
            throw new IllegalArgumentException("--optimizer schedulefree: warmup is a number of steps, got " + get("warmup"));
        }
    }

    /**
     * The canonical spelling stored in {@code config.yaml}'s options: the name, then the values
     * that differ from the defaults in the defaults' order ({@code LION:wd=1e-2} and
     * {@code lion:wd=0.01} are both {@code lion:wd=0.01}; {@code lion:wd=0} is {@code lion}), so a
     * resumed run given the same values spelled differently sees no conflict.
     */
    public String id() {
        Map<String, Double> defaults = DEFAULTS.get(name);
        List<String> parts = new java.util.ArrayList<>();
        params.forEach((k, v) -> {
            if (v.equals(defaults.get(k))) return;
            if (FLAGS.contains(k)) parts.add(v != 0 ? k : k + "=0");
            else if (COUNTS.contains(k)) parts.add(k + "=" + v.longValue());
            else parts.add(k + "=" + v);
        });
        return parts.isEmpty() ? name : name + ":" + String.join(",", parts);
    }

    public double get(String key) {
        return params.get(key);
    }

    /** The default learning rate (for rprop, the initial step Δ0; for the optimizers that set their own step, its multiplier). */
    public double defaultLr() {
        return switch (name) {
            case "dadapt", "prodigy", "vsgd" -> 1.0;
            case "schedulefree" -> 2.5e-3;
            case "adam", "adamw", "rmsprop", "smorms3", "lamb" -> 1e-3;
            case "signsgd", "signum", "lion" -> 1e-4;
            case "rprop", "lars" -> 0.1;
            default -> 1e-2;   // sgd, momentum, nesterov, adagrad, kfac
        };
    }

    /**
     * Whether the optimizer sets its own step size, {@code --lr} only multiplying it (1 by default),
     * so that no depth rule ({@code --remedy auto}) should scale it down.
     */
    public boolean setsOwnStep() {
        return name.equals("dadapt") || name.equals("prodigy") || name.equals("vsgd");
    }

    /** Whether the optimizer takes a second gradient of each batch (vSGD's curvature). */
    public boolean probes() {
        return name.equals("vsgd");
    }

    /** Whether the learning rate is a rate a schedule can scale (rprop's is only its first step). */
    public boolean schedulable() {
        return !name.equals("rprop");
    }

    /**
     * The optimizer for this model.
     *
     * @param lr   the learning-rate schedule (its value at step 0 is {@code --lr})
     * @param peak {@code --lr}
     * @param seed seed of K-FAC's sampled targets
     */
    public GradientTransformation build(Schedule lr, double peak, Model model, long seed) {
        return switch (name) {
            case "sgd" -> Optimizers.sgd(lr);
            case "momentum" -> Optimizers.momentum(lr, get("beta"));
            case "nesterov" -> Optimizers.nesterov(lr, get("beta"));
            case "adam" -> Optimizers.adam(lr, get("b1"), get("b2"), get("eps"));
            case "adamw" -> Optimizers.adamw(lr, get("b1"), get("b2"), get("eps"), get("wd"), null);
            case "rprop" -> Optimizers.rprop(get("eta_plus"), get("eta_minus"), get("step_min"), get("step_max"), peak);
            case "rmsprop" -> Optimizers.rmsprop(lr, get("decay"), get("eps"), get("centered") != 0, get("momentum"));
            case "adagrad" -> Optimizers.adagrad(lr, get("eps"));
            case "smorms3" -> Optimizers.smorms3(lr, get("eps"));
            case "signsgd" -> Optimizers.signSgd(lr);
            case "signum" -> Optimizers.signum(lr, get("beta"));
            case "lion" -> Optimizers.lion(lr, get("b1"), get("b2"), get("wd"));
            case "lars" -> Optimizers.lars(lr, get("momentum"), get("trust"), get("wd"),
                    Optimizers.matrixMask(model.trainableParameters()));
            case "lamb" -> Optimizers.lamb(lr, get("b1"), get("b2"), get("eps"), get("wd"));
            case "kfac" -> {
                double ratio = get("fallback_lr") / peak;
                Schedule fallbackLr = step -> ratio * lr.at(step);
                yield KfacOptimizer.of(model, lr, get("momentum"), get("damping"), get("decay"), (int) get("stats"),
                        (int) get("every"), get("kl_clip"), seed,
                        Optimizers.adam(fallbackLr, 0.9, 0.999, 1e-8));
            }
            case "dadapt" -> Optimizers.dadaptAdam(lr, get("b1"), get("b2"), get("eps"), get("wd"), get("d0"));
            case "prodigy" -> Optimizers.prodigy(lr, get("b1"), get("b2"), get("eps"), get("wd"), get("d0"), get("d_coef"));
            case "schedulefree" -> Optimizers.scheduleFreeAdamW(lr, get("b1"), get("b2"), get("eps"), get("wd"),
                    (long) get("warmup"));
            case "vsgd" -> Optimizers.vsgd(lr, get("c"), get("eps"), get("probe"), get("layers") != 0);
            default -> throw new IllegalStateException(name);
        };
    }

    /** The resolved hyperparameters for {@code config.yaml} (flags as booleans, counts as integers). */
    public Map<String, Object> resolved(double lr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put(name.equals("rprop") ? "initial_step" : "lr", lr);
        params.forEach((k, v) -> m.put(k, FLAGS.contains(k) ? (Object) (v != 0) : COUNTS.contains(k) ? (Object) v.longValue() : v));
        m.put("rule", rule());
        return m;
    }

    /** One line on what the optimizer does with these values. */
    public String rule() {
        return switch (name) {
            case "sgd" -> "w -= lr g";
            case "momentum" -> "t = g + beta t; w -= lr t";
            case "nesterov" -> "t = g + beta t; w -= lr (g + beta t)";
            case "adam" -> "Adam: m, v EMAs (b1, b2) with bias correction; w -= lr m^/(sqrt(v^) + eps)";
            case "adamw" -> "AdamW: Adam plus decoupled decay, w -= lr (m^/(sqrt(v^) + eps) + wd w)";
            case "rprop" -> "iRprop-: per-weight step grows x eta_plus while the gradient sign holds, x eta_minus on a flip "
                    + "(and no step), clamped to [step_min, step_max], starting at --lr; full-batch by design";
            case "rmsprop" -> "RMSProp: v = decay v + (1-decay) g^2; u = g/(sqrt(v" + (get("centered") != 0 ? " - m^2" : "")
                    + ") + eps)" + (get("momentum") != 0 ? "; t = u + momentum t" : "") + "; w -= lr u";
            case "adagrad" -> "Adagrad: s += g^2; w -= lr g/(sqrt(s) + eps)";
            case "smorms3" -> "SMORMS3 (Funk): adaptive-memory RMSProp, w -= g min(lr, g1^2/g2)/(sqrt(g2) + eps)";
            case "signsgd" -> "signSGD: w -= lr sign(g)";
            case "signum" -> "Signum: t = g + beta t; w -= lr sign(t)";
            case "lion" -> "Lion: w -= lr (sign(b1 m + (1-b1) g) + wd w); m = b2 m + (1-b2) g";
            case "lars" -> "LARS: per weight matrix lambda = trust |w|/(|g| + wd |w|), v = momentum v + lr lambda (g + wd w), "
                    + "w -= v; 1-D parameters: momentum SGD";
            case "lamb" -> "LAMB: r = Adam step + wd w; w -= lr (|w|/|r|) r per tensor";
            case "kfac" -> "K-FAC on dense layers: A = E[a a^T] (a with a homogeneous 1 for the bias), G = E[g g^T] "
                    + "(sampled-target Fisher), EMAs (decay) updated every 'stats' steps, factored Tikhonov damping pi*sqrt(damping), inverses "
                    + "(Cholesky) every 'every' steps, D = G^-1 dW A^-1 scaled by min(1, sqrt(kl_clip/(lr^2 <D, dW>))), "
                    + "v = momentum v + D, w -= lr v; other parameters Adam "
                    + "(fallback_lr, same schedule shape)";
            case "dadapt" -> "D-Adaptation (Adam): dl = d lr; r = sqrt(b2) r + (1-sqrt(b2)) dl sum g s/(sqrt(v)+eps); "
                    + "m = b1 m + dl (1-b1) g; v = b2 v + (1-b2) g^2; s = sqrt(b2) s + dl (1-sqrt(b2)) g; "
                    + "w -= m/(sqrt(v)+eps) + wd dl w; d = max(d, r/((1-sqrt(b2)) |s|_1)), from d0; sums over all parameters";
            case "prodigy" -> "Prodigy: dl = d lr; r = sqrt(b2) r + (d/d0) dl sum g (w0-w); m = b1 m + d (1-b1) g; "
                    + "v = b2 v + d^2 (1-b2) g^2; s = sqrt(b2) s + (d/d0) dl g; d = max over steps of d_coef r/|s|_1 (from d0); "
                    + "w -= dl m/(sqrt(v) + d eps) + wd dl w; sums over all parameters";
            case "schedulefree" -> "Schedule-Free AdamW: gradient at y = b1 x + (1-b1) z; z -= g_t (g/(sqrt(v)+eps) + wd y) "
                    + "with v = b2 v + (1-b2) g^2, g_t = lr min(1,(t+1)/warmup) sqrt(1-b2^(t+1)); x = (1-c) x + c z, "
                    + "c = g_max^2/sum of g_max^2; the weights (evaluated, saved) are x";
            case "vsgd" -> "vSGD" + (get("layers") != 0 ? " per tensor (vSGD-b)" : " per weight (vSGD-l)") + ": h = |g(w+d) - g(w)|/|d|, d = probe gbar "
                    + "(a second gradient of each batch); f = 1/tau; gbar, vbar = (1-f) avg + f g, g^2 (+eps), hbar of h (+eps); "
                    + "r = gbar^2/vbar; w -= lr (r/hbar) g; tau = (1-r) tau + 1; first step: averages from it, vbar, hbar times c";
            default -> name;
        };
    }
}
