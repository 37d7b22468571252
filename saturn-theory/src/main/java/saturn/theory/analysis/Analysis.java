package saturn.theory.analysis;

import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.jacobian.JacobianSpectrum;
import saturn.theory.meanfield.CriticalLine;
import saturn.theory.meanfield.CriticalPoint;
import saturn.theory.meanfield.MeanField;
import saturn.theory.meanfield.MeanFieldPoint;
import saturn.theory.meanfield.Moments;
import saturn.theory.meanfield.NoCriticalPointException;
import saturn.theory.transform.ActivationTransform;
import saturn.theory.transform.Chain;
import saturn.theory.transform.NoTransformException;
import saturn.theory.transform.TransformSolver;

/**
 * Everything {@code saturn analyze} prints about one activation, in one call.
 *
 * <p>JSON mapping (the CLI prints non-finite doubles as {@code null}, and an absent
 * {@link Outcome} as {@code null} with its reason):
 * <pre>
 * activation               ← activation (the normalized formula)
 * moments.{mean, second_moment, variance, gamma}  ← moments
 * mean_field.{sigma_w2, sigma_b2, q_star, c_star, chi1, xi_q, xi_c, phase, trainable_depth}
 *                          ← meanField (phase: {@code meanField.phase().label()})
 * critical.{sigma_b2, sigma_w2, q_star}          ← critical
 * jacobian.{depth, orthogonal.{mean, variance}, gaussian.{mean, variance}} ← jacobian
 * transforms.{dks, tat}.{alpha, beta, delta, gamma} ← dks, tat
 * </pre>
 * Extras: {@code variancePreservingSigmaW2} (σ_w² making q* = 1 at the given σ_b²), the
 * Jacobian's μ1/μ2, the Jacobian at the critical point, the normalized transform, each
 * transform's maximal slope and local maps, the q-map and c-map slopes.
 *
 * <p>The Jacobian is taken at the given (σ_w², σ_b²) and its q*, so that its mean χ1^L
 * shows how far the given point is from critical; {@code criticalJacobian} is the same at
 * the critical point. Quantities the activation makes meaningless are absent with a
 * reason; a divergent activation (e.g. {@code exp(x^2)}) throws
 * {@link saturn.theory.gauss.DivergentExpectationException} from {@link #of}.
 */
public record Analysis(String activation, AnalysisOptions options, Moments moments, double variancePreservingSigmaW2,
                       MeanFieldPoint meanField, Outcome<CriticalPoint> critical, JacobianSpectrum jacobian,
                       Outcome<JacobianSpectrum> criticalJacobian, Outcome<ActivationTransform> normalized,
                       Outcome<ActivationTransform> dks, Outcome<ActivationTransform> tat) {

    /**
     * The analysis of φ for a network of the given variances and depth: the library's entry
     * point for a prescription without training.
     * <pre>{@code
     * Analysis a = Analysis.of(Activation.parse("x*exp(-x^2/2)"), AnalysisOptions.defaults().withDepth(50));
     * a.critical().value().sigmaW2();   // the edge of chaos at σ_b² = 0
     * a.tat().value().alpha();          // TAT's constants for a chain of 50 layers
     * }</pre>
     * The remedy {@code --remedy auto} applies (which transform, which initialization, which
     * learning rate) is {@code saturn.engine.remedy.AutoRemedy.prescribe} in saturn-engine.
     *
     * @throws saturn.theory.gauss.DivergentExpectationException when φ's Gaussian moments diverge
     */
    public static Analysis of(Activation activation, AnalysisOptions o) {
        Derivatives phi = Derivatives.of(activation);
        Moments moments = Moments.of(phi);
        MeanFieldPoint mf = new MeanField(phi, o.sigmaW2(), o.sigmaB2()).point();
        Outcome<CriticalPoint> critical;
        try {
            critical = Outcome.of(o.qStar().isPresent()
                    ? CriticalLine.forQStar(phi, o.qStar().getAsDouble())
                    : CriticalLine.forBiasVariance(phi, o.sigmaB2()));
        } catch (NoCriticalPointException e) {
            critical = Outcome.absent(e.getMessage());
        }
        JacobianSpectrum jacobian = JacobianSpectrum.of(phi, o.sigmaW2(), mf.qStar(), o.depth());
        Outcome<JacobianSpectrum> criticalJacobian = critical.isPresent()
                ? Outcome.of(JacobianSpectrum.of(phi, critical.value().sigmaW2(), critical.value().qStar(), o.depth()))
                : Outcome.absent(critical.reason());
        Chain chain = new Chain(o.depth());
        return new Analysis(activation.formula(), o, moments, moments.variancePreservingSigmaW2(o.sigmaB2()), mf,
                critical, jacobian, criticalJacobian,
                attempt(() -> TransformSolver.normalized(phi)),
                attempt(() -> TransformSolver.dks(phi, chain, o.zeta())),
                attempt(() -> TransformSolver.tat(phi, chain, o.tau())));
    }

    /** {@link #of(Activation, AnalysisOptions)} with {@link AnalysisOptions#defaults()}: σ_w² = 1, σ_b² = 0, depth 100. */
    public static Analysis of(Activation activation) {
        return of(activation, AnalysisOptions.defaults());
    }

    private static Outcome<ActivationTransform> attempt(java.util.function.Supplier<ActivationTransform> solve) {
        try {
            return Outcome.of(solve.get());
        } catch (NoTransformException | saturn.theory.gauss.DivergentExpectationException e) {
            return Outcome.absent(e.getMessage());
        }
    }
}
