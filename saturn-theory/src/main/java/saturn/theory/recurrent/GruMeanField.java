package saturn.theory.recurrent;

import java.util.function.DoubleFunction;
import saturn.theory.Activation;
import saturn.theory.Activations;
import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.GaussianSample;

/**
 * Mean field of a GRU cell at initialization (PyTorch's equations, {@link GruInit}), in the
 * framework of Chen, Pennington &amp; Schoenholz (2018) and Gilboa et al. (2019): width → ∞,
 * weights drawn afresh at every step, inputs with per-coordinate second moment q_x
 * (docs/theory-recurrent.md).
 *
 * <p>Forward. With Q the state's second moment, {@code u_r, u_z ~ N(μ, σ²Q + ν²q_x + ρ²)} and,
 * given the reset gate r, the candidate's pre-activation
 * {@code a = e + r s}, {@code e ~ N(μ_n, ν_n² q_x + ρ_n²)}, {@code s = W_hn h ~ N(0, σ_n² Q)}, so
 * {@code a | r ~ N(μ_n, V(r))}, {@code V(r) = ν_n² q_x + ρ_n² + r² σ_n² Q}. Then
 * <pre>
 *   m_h ← E[1−z] E[n] + E[z] m_h
 *   Q   ← E[(1−z)²] E[n²] + E[z²] Q + 2 E[z(1−z)] E[n] m_h
 * </pre>
 * with E[n], E[n²] averaged over r (an outer quadrature over u_r, an inner one over a).
 *
 * <p>Backward. {@code δh_{t−1} = z δ + W_hzᵀ((h − n) σ'(u_z) δ) + W_hnᵀ(r (1−z) φ'(a) δ)
 * + W_hrᵀ(s σ'(u_r) (1−z) φ'(a) δ)}; with the gradients independent of the forward pass,
 * <pre>
 *   χ = E[z²] + σ_z² E[σ'(u_z)²] E[(h − n)²]
 *       + E[(1−z)²] (σ_n² E[r² φ'(a)²] + σ_r² E[σ'(u_r)² s² φ'(a)²])
 * </pre>
 * where {@code E[(h − n)²] = Q − 2 m_h E[n] + E[n²]} and, given r, s and a are jointly
 * Gaussian ({@code Cov(s, a) = r σ_n² Q}), so
 * {@code E[s² φ'(a)² | r] = S E[φ'²] − (r² S²/V) E[φ'² (1 − y²)]}, S = σ_n² Q, y the
 * standardized a. Without recurrent weights χ = E[z²]: an update gate near 1 keeps the
 * gradient.
 *
 * <p>Immutable; the fixed point is computed once, on first use.
 */
public final class GruMeanField implements GatedMeanField {

    /** Chebyshev points in r for the candidate's inner expectations. */
    static final int FIT_POINTS = 16;

    private final Derivatives gate;
    private final Derivatives cell;
    private final GruInit init;
    private final double inputVariance;
    private volatile GruPoint point;

    public GruMeanField(Derivatives gate, Derivatives cell, GruInit init, double inputVariance) {
        if (!(inputVariance >= 0) || Double.isInfinite(inputVariance)) {
            throw new IllegalArgumentException("input variance must be finite and >= 0, got " + inputVariance);
        }
        this.gate = gate;
        this.cell = cell;
        this.init = init;
        this.inputVariance = inputVariance;
    }

    public static GruMeanField of(Activation gate, Activation cell, GruInit init, double inputVariance) {
        return new GruMeanField(Derivatives.of(gate), Derivatives.of(cell), init, inputVariance);
    }

    /** Sigmoid gates, tanh candidate (PyTorch's GRU). */
    public static GruMeanField of(GruInit init, double inputVariance) {
        return of(Activations.byName("sigmoid").orElseThrow(), Activations.byName("tanh").orElseThrow(), init,
                inputVariance);
    }

    public GruInit init() {
        return init;
    }

    public double inputVariance() {
        return inputVariance;
    }

    /** The fixed point and backward gain. */
    public GruPoint point() {
        GruPoint p = point;
        if (p == null) {
            p = solve();
            point = p;
        }
        return p;
    }

    @Override
    public double chi() {
        return point().chi();
    }

    /** {@code −1/ln χ}. */
    public double timescale() {
        return point().timescale();
    }

    @Override
    public String memoryGate() {
        return "update";
    }

    @Override
    public double memoryBias() {
        return init.update().biasMean();
    }

    @Override
    public GruMeanField withMemoryBias(double bias) {
        return new GruMeanField(gate, cell, init.withUpdateBias(bias), inputVariance);
    }

    @Override
    public GruMeanField withRecurrentScale(double scale) {
        return new GruMeanField(gate, cell, init.withRecurrentScale(scale), inputVariance);
    }

    /**
     * The candidate's moments averaged over the reset gate, given Q:
     * {@code E[n], E[n²], E[r² φ'(a)²], E[σ'(u_r)² s² φ'(a)²]}.
     */
    record Candidate(double mean, double secondMoment, double resetSlope, double resetGateSlope) {
    }

    private Candidate candidate(double q) {
        return candidate(q, false);
    }

    /**
     * As {@link #candidate(double)}; the inner expectations, smooth functions of r, are
     * interpolated from {@value #FIT_POINTS} Chebyshev points in r unless {@code direct},
     * which evaluates them at every node of the outer rule (the reference the fit is tested
     * against, 8 times slower).
     */
    Candidate candidate(double q, boolean direct) {
        GateInit n = init.candidate();
        GateInit resetInit = init.reset();
        double outside = n.inputWeightVariance() * inputVariance + n.biasVariance();
        double inside = n.recurrentVariance() * q;
        GaussianSample reset = GaussianSample.of(gate, 1, Math.sqrt(resetInit.preactivationVariance(q, inputVariance)),
                resetInit.biasMean());
        double[] w = reset.rule().weights();
        double[] gates = reset.derivative(0);
        double[] slopes = reset.derivative(1);
        if (cell.hasJumps() || gate.hasJumps()) {
            // phi' or sigma' has a point mass: the slope terms are infinite (E[f] and E[f^2] are not).
            double[] plain = new double[2];
            for (int i = 0; i < w.length; i++) {
                PreactivationMoments m = PreactivationMoments.of(cell, n.biasMean(), outside + gates[i] * gates[i] * inside);
                plain[0] += w[i] * m.mean();
                plain[1] += w[i] * m.secondMoment();
            }
            double inf = Double.POSITIVE_INFINITY;
            return new Candidate(plain[0], plain[1], cell.hasJumps() ? inf : slopeSum(w, gates, outside, inside), inf);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double g : gates) {
            lo = Math.min(lo, g);
            hi = Math.max(hi, g);
        }
        DoubleFunction<double[]> inner = r -> given(r, n.biasMean(), outside, inside);
        DoubleFunction<double[]> atNode = inner;
        if (inside == 0) {
            // No recurrent candidate weights: a's law does not depend on r.
            PreactivationMoments m = PreactivationMoments.of(cell, n.biasMean(), outside);
            atNode = r -> new double[] {m.mean(), m.secondMoment(), r * r * m.slopeSquare(), 0};
        } else if (!direct && gates.length > FIT_POINTS && hi - lo > 1e-9 * Math.max(1, Math.abs(hi))) {
            ChebyshevFit fit = ChebyshevFit.of(inner, lo, hi, FIT_POINTS);
            atNode = r -> new double[] {fit.value(0, r), fit.value(1, r), fit.value(2, r), fit.value(3, r)};
        }
        double[] sums = new double[4];
        for (int i = 0; i < w.length; i++) {
            double[] m = atNode.apply(gates[i]);
            for (int k = 0; k < 4; k++) {
                sums[k] += w[i] * (k == 3 ? slopes[i] * slopes[i] * m[3] : m[k]);
            }
        }
        return new Candidate(sums[0], sums[1], sums[2], sums[3]);
    }

    /**
     * Given the reset gate r: {@code E[n], E[n²], r² E[φ'(a)²], E[s² φ'(a)²]} over
     * {@code a ~ N(μ_n, outside + r² inside)}.
     */
    private double[] given(double r, double mean, double outside, double inside) {
        double variance = outside + r * r * inside;
        PreactivationMoments m = PreactivationMoments.of(cell, mean, variance);
        double sSquare = inside == 0 ? 0
                : inside * m.slopeSquare() - r * r * inside * inside / variance * (m.slopeSquare() - m.slopeSquareY2());
        return new double[] {m.mean(), m.secondMoment(), r * r * m.slopeSquare(), sSquare};
    }

    /** {@code E[r² φ'(a)²]} alone. */
    private double slopeSum(double[] w, double[] gates, double outside, double inside) {
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            double rv = gates[i];
            sum += w[i] * rv * rv * PreactivationMoments.of(cell, init.candidate().biasMean(), outside + rv * rv * inside)
                    .slopeSquare();
        }
        return sum;
    }

    private GruPoint solve() {
        double q = FixedPoint.fromZero(this::nextQ);
        if (Double.isInfinite(q)) {
            return GruPoint.unbounded();
        }
        PreactivationMoments z = moments(init.update(), q);
        Candidate n = candidate(q);
        double meanHidden = n.mean();
        double differenceSquare = q - 2 * meanHidden * n.mean() + n.secondMoment();
        double chi = z.secondMoment()
                + term(init.update(), z.slopeSquare() * differenceSquare)
                + z.complementSecondMoment() * (term(init.candidate(), n.resetSlope()) + term(init.reset(), n.resetGateSlope()));
        return new GruPoint(q, meanHidden, z.secondMoment(), chi, Timescale.of(chi));
    }

    /** One step of the state's second moment with the mean at its fixed point {@code m_h = E[n]}. */
    private double nextQ(double q) {
        PreactivationMoments z = moments(init.update(), q);
        if (!(z.secondMoment() < 1)) {
            return Double.POSITIVE_INFINITY;
        }
        Candidate n = candidate(q);
        return (z.complementSecondMoment() * n.secondMoment() + 2 * z.complementProduct() * n.mean() * n.mean())
                / (1 - z.secondMoment());
    }

    private PreactivationMoments moments(GateInit k, double q) {
        return PreactivationMoments.of(gate, k.biasMean(), k.preactivationVariance(q, inputVariance));
    }

    /** {@code σ² · x}, 0 without recurrent weights even where x is infinite. */
    private static double term(GateInit k, double x) {
        return k.recurrentVariance() == 0 ? 0 : k.recurrentVariance() * x;
    }
}
