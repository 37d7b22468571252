package saturn.theory.recurrent;

import saturn.theory.Activation;
import saturn.theory.Activations;
import saturn.theory.gauss.Derivatives;

/**
 * Mean field of an LSTM cell at initialization (PyTorch's equations, {@link LstmInit}), in the
 * framework of Chen, Pennington &amp; Schoenholz (2018) and Gilboa et al. (2019): width → ∞,
 * weights drawn afresh at every step, the cell state closed as a Gaussian, inputs with
 * per-coordinate second moment q_x (docs/theory-recurrent.md).
 *
 * <p>Forward. With {@code u_k ~ N(μ_k, σ_k² Q_h + ν_k² q_x + ρ_k²)} for k = i, f, g, o, the four
 * blocks are independent given the state, and
 * <pre>
 *   m_c ← E[f] m_c + E[i] E[g]
 *   Q_c ← E[f²] Q_c + E[i²] E[g²] + 2 E[f] E[i] E[g] m_c
 *   Q_h = E[o²] E[φ(c)²],   c ~ N(m_c, Q_c − m_c²)
 * </pre>
 * For a given Q_h the cell's moments have closed-form fixed points; Q_h itself is the
 * fixed point of the resulting one-dimensional map ({@link FixedPoint}).
 *
 * <p>Backward. With δĉ = δc_t + o φ'(c_t) δh_t the gradient reaching c_t,
 * {@code δc_{t−1} = f ⊙ δĉ} and
 * {@code δh_{t−1} = W_fᵀ(c σ'(u_f) δĉ) + W_iᵀ(g σ'(u_i) δĉ) + W_gᵀ(i φ'(u_g) δĉ) + W_oᵀ(φ(c) σ'(u_o) δh)};
 * with the gradients independent of the forward pass, the second moments step back by
 * <pre>
 *   (E[δc²], E[δh²]) ← M (E[δc²], E[δh²]),   M = [[F, F K], [A, A K + B]]
 *   F = E[f²],  K = E[o²] E[φ'(c)²],
 *   A = σ_f² Q_c E[σ'(u_f)²] + σ_i² E[g²] E[σ'(u_i)²] + σ_g² E[i²] E[φ'(u_g)²],
 *   B = σ_o² E[φ(c)²] E[σ'(u_o)²]
 * </pre>
 * and χ is M's spectral radius. Without recurrent weights χ = E[f²]: a forget gate near 1
 * keeps the gradient; recurrent weights add to χ, so a large enough forget bias makes it
 * exceed 1.
 *
 * <p>Immutable; the fixed point is computed once, on first use.
 */
public final class LstmMeanField implements GatedMeanField {

    private final Derivatives gate;
    private final Derivatives cell;
    private final LstmInit init;
    private final double inputVariance;
    private volatile LstmPoint point;

    public LstmMeanField(Derivatives gate, Derivatives cell, LstmInit init, double inputVariance) {
        if (!(inputVariance >= 0) || Double.isInfinite(inputVariance)) {
            throw new IllegalArgumentException("input variance must be finite and >= 0, got " + inputVariance);
        }
        this.gate = gate;
        this.cell = cell;
        this.init = init;
        this.inputVariance = inputVariance;
    }

    public static LstmMeanField of(Activation gate, Activation cell, LstmInit init, double inputVariance) {
        return new LstmMeanField(Derivatives.of(gate), Derivatives.of(cell), init, inputVariance);
    }

    /** Sigmoid gates, tanh cell (PyTorch's LSTM). */
    public static LstmMeanField of(LstmInit init, double inputVariance) {
        return of(Activations.byName("sigmoid").orElseThrow(), Activations.byName("tanh").orElseThrow(), init,
                inputVariance);
    }

    public LstmInit init() {
        return init;
    }

    public double inputVariance() {
        return inputVariance;
    }

    /** The fixed point and backward gain. */
    public LstmPoint point() {
        LstmPoint p = point;
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
        return "forget";
    }

    @Override
    public double memoryBias() {
        return init.forget().biasMean();
    }

    @Override
    public LstmMeanField withMemoryBias(double bias) {
        return new LstmMeanField(gate, cell, init.withForgetBias(bias), inputVariance);
    }

    @Override
    public LstmMeanField withRecurrentScale(double scale) {
        return new LstmMeanField(gate, cell, init.withRecurrentScale(scale), inputVariance);
    }

    /** The moments of one step given the hidden state's second moment Q_h. */
    private record Step(PreactivationMoments i, PreactivationMoments f, PreactivationMoments g,
                        PreactivationMoments o, double meanCell, double qCell, PreactivationMoments out) {

        boolean bounded() {
            return f.secondMoment() < 1 && Double.isFinite(qCell);
        }

        double qHidden() {
            return o.secondMoment() * out.secondMoment();
        }
    }

    private Step step(double qHidden) {
        PreactivationMoments i = moments(gate, init.input(), qHidden);
        PreactivationMoments f = moments(gate, init.forget(), qHidden);
        PreactivationMoments g = moments(cell, init.cell(), qHidden);
        PreactivationMoments o = moments(gate, init.output(), qHidden);
        if (!(f.secondMoment() < 1)) {
            return new Step(i, f, g, o, Double.NaN, Double.POSITIVE_INFINITY, null);
        }
        double meanCell = i.mean() * g.mean() / (1 - f.mean());
        double qCell = (i.secondMoment() * g.secondMoment() + 2 * f.mean() * i.mean() * g.mean() * meanCell)
                / (1 - f.secondMoment());
        double varCell = Math.max(0, qCell - meanCell * meanCell);
        return new Step(i, f, g, o, meanCell, qCell, PreactivationMoments.of(cell, meanCell, varCell));
    }

    private PreactivationMoments moments(Derivatives f, GateInit k, double qHidden) {
        return PreactivationMoments.of(f, k.biasMean(), k.preactivationVariance(qHidden, inputVariance));
    }

    private LstmPoint solve() {
        double qHidden = FixedPoint.fromZero(q -> {
            Step s = step(q);
            return s.bounded() ? s.qHidden() : Double.POSITIVE_INFINITY;
        });
        if (Double.isInfinite(qHidden)) {
            return LstmPoint.unbounded();
        }
        Step s = step(qHidden);
        if (!s.bounded()) {
            return LstmPoint.unbounded();
        }
        double forget = s.f().secondMoment();
        double k = s.o().secondMoment() * s.out().slopeSquare();
        double a = term(init.forget(), s.qCell() * s.f().slopeSquare())
                + term(init.input(), s.g().secondMoment() * s.i().slopeSquare())
                + term(init.cell(), s.i().secondMoment() * s.g().slopeSquare());
        double b = term(init.output(), s.out().secondMoment() * s.o().slopeSquare());
        double chi = spectralRadius(forget, forget * k, a, a * k + b);
        return new LstmPoint(s.qHidden(), s.o().mean() * s.out().mean(), s.qCell(), s.meanCell(), forget, chi,
                Timescale.of(chi));
    }

    /** {@code σ² · x}, 0 without recurrent weights even where x is infinite. */
    private static double term(GateInit k, double x) {
        return k.recurrentVariance() == 0 ? 0 : k.recurrentVariance() * x;
    }

    /** Largest eigenvalue of the non-negative 2×2 matrix [[a, b], [c, d]]. */
    static double spectralRadius(double a, double b, double c, double d) {
        if (!Double.isFinite(a + b + c + d)) {
            return Double.POSITIVE_INFINITY;
        }
        double half = 0.5 * (a + d);
        double gap = 0.5 * (a - d);
        return half + Math.sqrt(gap * gap + b * c);
    }
}
