package saturn.theory.recurrent;

import saturn.theory.transform.Architecture;

/**
 * A recurrence {@code a_t = W φ̂(a_{t−1}) + U x_t + b} unrolled over T steps, as the transform
 * solver sees it. At q = 1 the inputs and bias take a share v of every step's variance
 * ({@code σ_u² q_x + σ_b² = v}) and the recurrent weights the rest ({@code σ_w² = 1 − v}), so
 * with identical inputs one step maps the state correlation by
 * {@code g(c) = (1 − v) Ĉ(c) + v}, Ĉ the C-map of φ̂: slope {@code (1 − v) x}, curvature
 * {@code (1 − v) κ} for the activation's local slope x and curvature κ. Over T steps:
 * <ul>
 *   <li>network slope {@code ((1 − v) x)^T};</li>
 *   <li>the step slope is 1 at {@code x = 1/(1 − v)} ({@link #unitLocalSlope()}), and there the
 *       network curvature is {@code T (1 − v) κ}.</li>
 * </ul>
 * With v = 0 this is {@code new Chain(T)}.
 */
public record Recurrence(int horizon, double inputShare) implements Architecture {

    public Recurrence {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        if (!(inputShare >= 0 && inputShare < 1)) {
            throw new IllegalArgumentException("input share must be in [0, 1), got " + inputShare);
        }
    }

    /** {@code 1 − v}: the recurrent weights' variance σ_w² that keeps q = 1 fixed. */
    public double recurrentShare() {
        return 1 - inputShare;
    }

    @Override
    public double networkSlope(double localSlope) {
        return Math.pow(recurrentShare() * localSlope, horizon);
    }

    @Override
    public double networkCurvature(double localCurvature) {
        return horizon * recurrentShare() * localCurvature;
    }

    @Override
    public double unitLocalSlope() {
        return 1 / recurrentShare();
    }

    @Override
    public double localSlopeFor(double zeta) {
        return Math.pow(zeta, 1.0 / horizon) / recurrentShare();
    }

    @Override
    public double localCurvatureFor(double tau) {
        return tau / (horizon * recurrentShare());
    }
}
