package saturn.engine.remedy;

import java.util.Locale;

/**
 * Which initializer a network asks for, before the theory turns it into weight and bias
 * variances ({@link Inits#resolve}). Absent parameters are NaN.
 *
 * @param kind   the initializer
 * @param first  σ_w² of {@code gaussian} and {@code uniform}, the gain of {@code orthogonal},
 *               σ_b² of {@code gain} and the {@code critical} family, q* of {@code critical-q}
 * @param second σ_b² of {@code gaussian}
 */
public record InitSpec(Kind kind, double first, double second) {

    /** The initializers, by their option name. */
    public enum Kind {
        XAVIER, HE, LECUN, GAUSSIAN, UNIFORM, ORTHOGONAL, GAIN, CRITICAL, CRITICAL_GAUSSIAN, CRITICAL_Q, LSUV,
        RBF_DATA, RBF_RANDOM,
        /** Recurrent layers: PyTorch's default, every weight and bias {@code U(±1/√hidden)}. */
        TORCH,
        /** Recurrent layers: {@code W_hh = gain·I} per gate block (IRNN-style), inputs {@code N(0, 1/in)}. */
        IDENTITY;

        /** The option name ({@code critical-gaussian}). */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public InitSpec {
        java.util.Objects.requireNonNull(kind, "kind");
        if (kind == Kind.GAUSSIAN && Double.isNaN(first)) throw new IllegalArgumentException("gaussian needs sigma_w2");
        if (kind == Kind.CRITICAL_Q && Double.isNaN(first)) throw new IllegalArgumentException("critical-q needs q*");
    }

    /** An initializer without parameters (or with its defaults). */
    public static InitSpec of(Kind kind) {
        return new InitSpec(kind, Double.NaN, Double.NaN);
    }

    public static InitSpec of(Kind kind, double first) {
        return new InitSpec(kind, first, Double.NaN);
    }

    /** Whether it initializes RBF layers ({@code rbf-data}, {@code rbf-random}). */
    public boolean forRbf() {
        return kind == Kind.RBF_DATA || kind == Kind.RBF_RANDOM;
    }

    /** Whether it initializes recurrent layers only ({@code torch}, {@code identity}). */
    public boolean forRecurrent() {
        return kind == Kind.TORCH || kind == Kind.IDENTITY;
    }

    /** The option value, {@code NAME[:FIRST[,SECOND]]} ({@code gaussian:1.5,0.05}, {@code critical}). */
    public String id() {
        if (Double.isNaN(first)) return kind.id();
        return kind.id() + ":" + first + (Double.isNaN(second) ? "" : "," + second);
    }

    @Override
    public String toString() {
        return id();
    }
}
