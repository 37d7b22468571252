package saturn.engine.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the gain controller ({@code --control}) may do while training, read from the per-layer
 * diagnostics of every diagnosed step ({@link saturn.engine.control.GainController}):
 * <ul>
 *   <li>{@code gain[=ETA]}: steer each hidden layer's learnable output gain {@code a_l} (the
 *       {@code a·φ} re-parametrization, added with a0 = 1 where the transform has none) toward a
 *       measured backward gain of 1: {@code a_l ← a_l·χ_l^(−η/2)}, η = {@value #DEFAULT_ETA};</li>
 *   <li>{@code lr[=MAX]}: per-layer learning-rate factors from the measured gradient-to-weight
 *       ratios, {@code m_l = ρ̄/ρ_l} (ρ̄ their geometric mean), clamped to [1/MAX, MAX]
 *       (MAX = {@value #DEFAULT_LR_MAX}) and smoothed;</li>
 *   <li>{@code iso[=LAMBDA]}: an orthogonality penalty on every hidden weight matrix, keeping it
 *       near the isometry it started at (λ = {@value #DEFAULT_ISO}).</li>
 * </ul>
 */
public record ControlSpec(double gainRate, double lrMax, double iso) {

    public static final double DEFAULT_ETA = 0.5;
    public static final double DEFAULT_LR_MAX = 10;
    public static final double DEFAULT_ISO = 1e-3;
    public static final ControlSpec NONE = new ControlSpec(0, 0, 0);

    public ControlSpec {
        if (!(gainRate >= 0 && gainRate <= 1)) throw new IllegalArgumentException("--control gain rate must be in (0, 1], got " + gainRate);
        if (!(lrMax == 0 || lrMax >= 1 && Double.isFinite(lrMax))) {
            throw new IllegalArgumentException("--control lr bound must be a finite factor >= 1, got " + lrMax);
        }
        if (!(iso >= 0 && Double.isFinite(iso))) throw new IllegalArgumentException("--control iso weight must be finite and >= 0, got " + iso);
    }

    public boolean enabled() {
        return gain() || lr() || isometry();
    }

    public boolean gain() {
        return gainRate > 0;
    }

    public boolean lr() {
        return lrMax > 0;
    }

    public boolean isometry() {
        return iso > 0;
    }

    /**
     * Parses {@code none}, or actions separated by commas: {@code gain[=ETA]}, {@code lr[=MAX]},
     * {@code iso[=LAMBDA]}, e.g. {@code gain,lr} or {@code gain=0.3,iso=1e-4}.
     *
     * @throws IllegalArgumentException naming the part that is not understood
     */
    public static ControlSpec parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("none")) return NONE;
        if (t.isEmpty()) throw new IllegalArgumentException("--control: empty; give none or actions like gain,lr,iso");
        double gain = 0, lr = 0, iso = 0;
        List<String> seen = new ArrayList<>();
        for (String part : t.split(",", -1)) {
            String p = part.strip();
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq).strip();
            String value = eq < 0 ? null : p.substring(eq + 1).strip();
            if (seen.contains(name)) throw new IllegalArgumentException("--control: '" + name + "' given twice");
            seen.add(name);
            switch (name) {
                case "gain" -> gain = value == null ? DEFAULT_ETA : number(value, "gain rate");
                case "lr" -> lr = value == null ? DEFAULT_LR_MAX : number(value, "lr bound");
                case "iso" -> iso = value == null ? DEFAULT_ISO : number(value, "iso weight");
                default -> throw new IllegalArgumentException("--control: unknown action '" + p
                        + "' (actions: gain[=ETA], lr[=MAX], iso[=LAMBDA], or none)");
            }
        }
        if (gain == 0 && seen.contains("gain")) throw new IllegalArgumentException("--control gain rate must be in (0, 1], got 0");
        if (lr == 0 && seen.contains("lr")) throw new IllegalArgumentException("--control lr bound must be a finite factor >= 1, got 0");
        if (iso == 0 && seen.contains("iso")) throw new IllegalArgumentException("--control iso weight must be > 0 (leave iso out for none)");
        return new ControlSpec(gain, lr, iso);
    }

    private static double number(String text, String what) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--control " + what + ": not a number: '" + text + "'");
        }
    }

    /** The option value, every parameter written out: {@code none} or e.g. {@code gain=0.5,lr=10}. */
    public String id() {
        if (!enabled()) return "none";
        List<String> parts = new ArrayList<>();
        if (gain()) parts.add("gain=" + num(gainRate));
        if (lr()) parts.add("lr=" + num(lrMax));
        if (isometry()) parts.add("iso=" + num(iso));
        return String.join(",", parts);
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return id();
    }
}
