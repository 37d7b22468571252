package saturn.engine.optim;

import java.util.List;

/**
 * An optimizer whose gradients are taken at another point than the weights it produces
 * (Schedule-Free: gradients at y, result the average x). Between steps the parameters hold the
 * result, which is what is evaluated, saved in checkpoints and diagnosed, and the state holds the
 * gradient point. Before each step's forward pass the training step calls
 * {@link #toGradientPoint}, which exchanges the two exactly; the optimizer's update then leaves
 * the new result in the parameters and the new gradient point in the state.
 */
public interface GradientPoint {

    /** Exchanges the parameters with the gradient point held in {@code state}. */
    void toGradientPoint(float[][] params, OptState state);

    /**
     * The gradient point of {@code optimizer} on its own state: the optimizer itself, or, for a
     * {@link Chain} (clipping first), its part that is one, on that part's child state; null when
     * the optimizer takes its gradients at its weights.
     */
    static GradientPoint find(GradientTransformation optimizer) {
        if (optimizer instanceof GradientPoint g) return g;
        if (optimizer instanceof Chain chain) {
            List<GradientTransformation> parts = chain.parts();
            for (int i = 0; i < parts.size(); i++) {
                GradientPoint inner = find(parts.get(i));
                if (inner != null) {
                    int part = i;
                    return (params, state) -> inner.toGradientPoint(params, state.children().get(part));
                }
            }
        }
        return null;
    }
}
