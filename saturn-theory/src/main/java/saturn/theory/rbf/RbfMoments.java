package saturn.theory.rbf;

/**
 * Closed-form moments of a Gaussian RBF unit {@code y = exp(−‖x−c‖²/(2s²))} with N inputs
 * {@code x ~ N(μ, v I_N)} (docs/architecture.md §5, "Gaussian RBF units").
 *
 * <p><b>Fixed centre.</b> Coordinates are independent, and for one coordinate
 * {@code E[exp(−(x−c)²/(2s²))] = √(s²/(s²+v)) · exp(−(c−μ)²/(2(s²+v)))} (a Gaussian
 * convolved with a Gaussian). Hence
 * <pre>
 *   E[y]  = (s²/(s²+v))^{N/2}  exp(−‖c−μ‖² / (2(s²+v)))
 *   E[y²] = (s²/(s²+2v))^{N/2} exp(−‖c−μ‖² / (s²+2v))      (y² is the unit with width s²/2)
 * </pre>
 *
 * <p><b>Random centres</b> {@code c ~ N(0, v_c I)}, inputs centred ({@code μ = 0}): then
 * {@code x − c ~ N(0, (v+v_c) I)} and {@code ‖x−c‖² = (v+v_c) χ²_N} concentrates at
 * {@code N(v+v_c)} with relative spread {@code √(2/N)}. With any width chosen without
 * regard to that scale, {@code y ≈ exp(−N(v+v_c)/(2s²))} for every input and every unit:
 * ≈ 0 when {@code s² ≪ N(v+v_c)}, ≈ 1 when {@code s² ≫ N(v+v_c)}, and in either case the
 * same for all inputs: the layer passes no signal on, and a stack of such layers loses it
 * completely. Averaging the fixed-centre formulas over c:
 * <pre>
 *   E_{x,c}[y]        = (s²/(s²+v+v_c))^{N/2}
 *   E_c E_x[y²]       = (s²/(s²+2v+2v_c))^{N/2}
 *   E_c[(E_x[y|c])²]  = (s²/(s²+v))^N · ((s²+v)/(s²+v+2v_c))^{N/2}
 * </pre>
 * and the within-unit variance across inputs is the difference of the last two.
 *
 * <p><b>Backward gain.</b> The Jacobian of unit j is {@code ∂y_j/∂x = −y_j (x − c_j)/s²}, so
 * {@code ‖∂y_j/∂x‖² = y_j² ‖x−c_j‖²/s⁴}; with {@code ‖x−c‖² = u χ²_N}, {@code u = v+v_c},
 * {@code E[e^{−t u χ²_N} u χ²_N] = N u (1+2tu)^{−N/2−1}} at {@code t = 1/s²}. A backward
 * signal of unit variance per output coordinate (W of them) reaches the N inputs with
 * variance per coordinate
 * <pre>
 *   χ = (W/N) · E[y² ‖x−c‖²] / s⁴ = W u / s⁴ · (s²/(s²+2u))^{N/2+1}
 * </pre>
 * the layer's backward gain (the mean-field χ1 of a dense layer), largest at
 * {@code s² = (N/2 − 1) u} for N > 2 (for N ≤ 2 it grows without bound as s → 0).
 * Everything is computed in log space (N may be in the thousands).
 */
public final class RbfMoments {

    private RbfMoments() {
    }

    /** {@code E[y]} for a fixed centre at squared distance {@code d2 = ‖c−μ‖²} from the input mean. */
    public static double mean(int n, double v, double d2, double s2) {
        return Math.exp(0.5 * n * Math.log(s2 / (s2 + v)) - d2 / (2 * (s2 + v)));
    }

    /** {@code E[y²]} for a fixed centre. */
    public static double secondMoment(int n, double v, double d2, double s2) {
        return Math.exp(0.5 * n * Math.log(s2 / (s2 + 2 * v)) - d2 / (s2 + 2 * v));
    }

    /** {@code Var[y]} for a fixed centre. */
    public static double variance(int n, double v, double d2, double s2) {
        double m = mean(n, v, d2, s2);
        return Math.max(0, secondMoment(n, v, d2, s2) - m * m);
    }

    /**
     * Statistics over inputs {@code x ~ N(0, v I)} and centres {@code c ~ N(0, v_c I)}:
     * mean output, the typical unit's variance across inputs, and the distance spread
     * {@code √(2/N)}. {@code v_c = v} models centres drawn from the (Gaussian) data,
     * {@code v_c = 0} centres at the data mean.
     */
    public static RbfPrediction overRandomCentres(int n, double v, double vc, double s2) {
        checkArgs(n, v, vc, s2);
        double mean = Math.exp(0.5 * n * Math.log(s2 / (s2 + v + vc)));
        double second = Math.exp(0.5 * n * Math.log(s2 / (s2 + 2 * v + 2 * vc)));
        double meanSq = Math.exp(n * Math.log(s2 / (s2 + v)) + 0.5 * n * Math.log((s2 + v) / (s2 + v + 2 * vc)));
        return new RbfPrediction(s2, mean, Math.max(0, second - meanSq), Math.sqrt(2.0 / n));
    }

    /**
     * The backward gain {@code χ = W u/s⁴ (s²/(s²+2u))^{N/2+1}} of a layer of {@code w} units on
     * N inputs {@code x ~ N(0, v I)}, centres {@code c ~ N(0, v_c I)}: the variance per input
     * coordinate of the gradient reaching the inputs for a unit variance per output.
     */
    public static double backwardGain(int n, int w, double v, double vc, double s2) {
        checkArgs(n, v, vc, s2);
        if (w < 1) throw new IllegalArgumentException("need W >= 1, got " + w);
        double u = v + vc;
        return Math.exp(Math.log(w) + Math.log(u) - 2 * Math.log(s2) + (0.5 * n + 1) * Math.log(s2 / (s2 + 2 * u)));
    }

    static void checkArgs(int n, double v, double vc, double s2) {
        if (n < 1 || !(v >= 0) || !(vc >= 0) || !(s2 > 0)) {
            throw new IllegalArgumentException("need N >= 1, v >= 0, v_c >= 0, s2 > 0; got N=" + n + ", v=" + v
                    + ", v_c=" + vc + ", s2=" + s2);
        }
    }
}
