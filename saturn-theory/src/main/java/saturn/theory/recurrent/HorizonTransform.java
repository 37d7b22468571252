package saturn.theory.recurrent;

import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.transform.ActivationTransform;
import saturn.theory.transform.LocalMaps;
import saturn.theory.transform.NoTransformException;
import saturn.theory.transform.TransformSolver;

/**
 * A transform {@code φ̂(x) = γ(φ(αx + β) + δ)} solved so that a recurrence of φ̂ keeps its
 * C-map, composed over a horizon of T steps with input injection, near the identity
 * (DKS, Martens et al. 2021; TAT, Zhang et al. 2022), with the architecture
 * {@link Recurrence}: at q = 1, {@code σ_w² = 1 − v} and {@code σ_u² q_x + σ_b² = v}.
 *
 * <ul>
 *   <li>DKS: {@code C(0) = 0}, {@code Q'(1) = 1}, and the T-step slope {@code ((1 − v) C'(1))^T = ζ}.</li>
 *   <li>TAT: {@code Q'(1) = 1}, step slope 1 ({@code C'(1) = 1/(1 − v)}), and T-step curvature
 *       {@code T (1 − v) C''(1) = τ}.</li>
 * </ul>
 *
 * <p>Input share and horizon pull against each other. The C-map of φ̂ at q = 1 is
 * {@code Σ b_k c^k} with {@code b_k ≥ 0}, {@code Σ b_k = 1} (Mehler), so
 * {@code C''(1) ≥ 2 (C'(1) − 1)}: a step slope of 1 forces a T-step curvature of at least
 * {@code 2 T v}. TAT therefore needs {@code v < τ/(2T)} ({@link #maxTatInputShare}), and the
 * T-step curvature of the DKS solution grows like {@code 2 T v} too: over long horizons the
 * inputs must enter with a share of order 1/T for the recurrence to stay close to linear.
 *
 * <p>Where it holds: the conditions are solved at q = 1, which a recurrence started from a
 * zero state reaches only after a few {@link #varianceTimescale()}s (≈ 1/v steps); and
 * Q'(1) = 1 makes the variance map nearly neutral, so at finite width the variance wanders
 * (±10–20% after 40 steps at width 1000–4000, docs/theory-recurrent.md).
 *
 * @param kind              "dks" or "tat"
 * @param transform         the constants and the local maps of φ̂ at q = 1
 * @param horizon           T
 * @param inputShare        v, the share of each step's variance from input and bias
 * @param sigmaW2           {@code 1 − v}, the recurrent weights' variance to use with φ̂
 * @param stepSlope         {@code (1 − v) C'(1)}: one step's C-map slope at c = 1, and the
 *                          per-step backward gain χ of the recurrence of φ̂
 * @param networkSlope      {@code stepSlope^T}
 * @param networkCurvature  the T-step composite's C''(1),
 *                          {@code (1 − v) C''(1) Σ_{k=T−1}^{2T−2} stepSlope^k}
 */
public record HorizonTransform(String kind, ActivationTransform transform, int horizon, double inputShare,
                               double sigmaW2, double stepSlope, double networkSlope, double networkCurvature) {

    /**
     * DKS over the horizon for a T-step slope ζ > 1.
     *
     * @throws NoTransformException when φ jumps or no admissible solution exists
     */
    public static HorizonTransform dks(Activation phi, int horizon, double inputShare, double zeta) {
        return dks(Derivatives.of(phi), horizon, inputShare, zeta);
    }

    /** As {@link #dks(Activation, int, double, double)}. */
    public static HorizonTransform dks(Derivatives phi, int horizon, double inputShare, double zeta) {
        Recurrence r = new Recurrence(horizon, inputShare);
        return of("dks", TransformSolver.dks(phi, r, zeta), r);
    }

    /**
     * TAT over the horizon for a T-step curvature τ > 0.
     *
     * @throws NoTransformException for a kinked φ, for {@code v ≥ τ/(2T)}, or when no
     *         admissible solution exists
     */
    public static HorizonTransform tat(Activation phi, int horizon, double inputShare, double tau) {
        return tat(Derivatives.of(phi), horizon, inputShare, tau);
    }

    /** As {@link #tat(Activation, int, double, double)}. */
    public static HorizonTransform tat(Derivatives phi, int horizon, double inputShare, double tau) {
        Recurrence r = new Recurrence(horizon, inputShare);
        if (tau > 0 && inputShare >= maxTatInputShare(horizon, tau)) {
            throw new NoTransformException("TAT over " + horizon + " steps with input share " + (float) inputShare
                    + " would need a curvature of at least 2*T*share = " + (float) (2 * horizon * inputShare)
                    + " > tau = " + (float) tau + "; use an input share below tau/(2T) = "
                    + (float) maxTatInputShare(horizon, tau));
        }
        return of("tat", TransformSolver.tat(phi, r, tau), r);
    }

    /** {@code τ/(2T)}: TAT's step slope of 1 is out of reach at or above this input share. */
    public static double maxTatInputShare(int horizon, double tau) {
        return tau / (2.0 * horizon);
    }

    private static HorizonTransform of(String kind, ActivationTransform t, Recurrence r) {
        LocalMaps m = t.maps();
        double share = r.recurrentShare();
        double step = share * m.cPrime();
        double sum = 0;
        double power = Math.pow(step, r.horizon() - 1);
        for (int k = 0; k < r.horizon(); k++) {
            sum += power;
            power *= step;
        }
        return new HorizonTransform(kind, t, r.horizon(), r.inputShare(), share, step, Math.pow(step, r.horizon()),
                share * m.cSecond() * sum);
    }

    /** φ̂ as an activation. */
    public Activation apply(Activation phi) {
        return transform.apply(phi);
    }

    /** {@code −1/ln stepSlope}: the recurrence's gradient timescale with φ̂ ({@link Timescale}). */
    public double timescale() {
        return Timescale.of(stepSlope);
    }

    /**
     * {@code −1/ln((1 − v) Q'(1))}: steps over which the state's variance relaxes towards q = 1,
     * about 1/v. From a zero initial state the recurrence reaches the q = 1 the conditions are
     * solved at only after a few of these; start the state at {@code φ̂(z)}, z ~ N(0, 1), to
     * be there from the first step.
     */
    public double varianceTimescale() {
        return Timescale.of(sigmaW2 * transform.maps().qPrime());
    }

    /** σ_u² for inputs of second moment q_x with no bias variance: {@code v/q_x}. */
    public double inputWeightVariance(double inputVariance) {
        if (!(inputVariance > 0)) {
            throw new IllegalArgumentException("input variance must be > 0, got " + inputVariance);
        }
        return inputShare / inputVariance;
    }
}
