package saturn.theory.transform;

import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.GaussianSample;

/**
 * The second moment of the signal along a stack of normalized residual blocks
 * {@code x ← w·x + s·φ̂(W x)}, {@code s = √(1−w²)}, when φ̂ has a mean {@code μ(q) = E[φ̂(√q z)]}.
 *
 * <p>The block C-map {@code w²c + (1−w²)f(c)} ({@link NormalizedResidual}) counts the shortcut
 * and the branch as uncorrelated. They are only when the branch has no mean: with random
 * weights, {@code E[x_i φ̂(h_i)] = μ(q)·x_i}, so the cross term is {@code 2ws·μ(q)·m}, where
 * {@code m} is the average of the signal over units. The weights rotate the mean of a chain's
 * layer away into variance, but the shortcut adds each branch's mean to the signal as it is:
 * <pre>
 *   m_{l+1} = w·m_l + s·μ(q_l)
 *   q_{l+1} = w²·q_l + s²·Q(q_l) + 2ws·μ(q_l)·m_l
 * </pre>
 * so m settles near {@code s·μ/(1−w)} (14·μ at w = 0.99) and q grows by about {@code 4μ²} per
 * block: TAT's φ̂ reaches C'(1) = 1 through its mean (C(0) > 0), and on 99 blocks of w = 0.99
 * tanh's TAT takes q from 1 to 78. DKS's φ̂ has C(0) = 0 (μ(1) = 0) and keeps q = 1.
 */
public final class ShortcutMean {

    private ShortcutMean() {
    }

    /**
     * {@code q} after {@code plain} chain layers (inputs at q = 1) and then each of
     * {@code blocks} normalized residual blocks of skip weight {@code w}, for the transform
     * {@code t} of φ, with weights of variance 1 and no biases; {@code q[0]} is the last plain
     * layer's output.
     */
    public static double[] secondMoments(Derivatives phi, ActivationTransform t, int plain, int blocks, double w) {
        double s = Math.sqrt(1 - w * w);
        double q = 1;
        double m = 0;
        for (int l = 0; l < plain; l++) {
            double[] mq = meanAndSecondMoment(phi, t, q);
            m = mq[0];
            q = mq[1];
        }
        double[] out = new double[blocks + 1];
        out[0] = q;
        for (int l = 0; l < blocks; l++) {
            double[] mq = meanAndSecondMoment(phi, t, q);
            double next = w * w * q + s * s * mq[1] + 2 * w * s * mq[0] * m;
            m = w * m + s * mq[0];
            q = next;
            out[l + 1] = q;
        }
        return out;
    }

    /** {@code [E φ̂(√q z), E φ̂(√q z)²]} for {@code φ̂(x) = γ(φ(αx+β)+δ)}. */
    static double[] meanAndSecondMoment(Derivatives phi, ActivationTransform t, double q) {
        GaussianSample g = GaussianSample.of(phi, 0, t.alpha() * Math.sqrt(q), t.beta());
        double m1 = g.expect(0, 0, "E[phi(alpha sqrt(q) z + beta)]");
        double m2 = g.expectProduct(0, 0, 0, "E[phi(alpha sqrt(q) z + beta)^2]");
        double gamma = t.gamma(), delta = t.delta();
        return new double[] {gamma * (m1 + delta), gamma * gamma * (m2 + 2 * delta * m1 + delta * delta)};
    }
}
