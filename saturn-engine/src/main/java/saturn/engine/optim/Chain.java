package saturn.engine.optim;

import java.util.ArrayList;
import java.util.List;
import saturn.engine.loss.Loss;
import saturn.engine.tensor.Tensor;

/**
 * Applies transformations in order; the state holds one child state per transformation.
 * Passes the curvature hook on to the parts that observe curvature.
 */
public final class Chain implements GradientTransformation, CurvatureObserver {

    private final List<GradientTransformation> parts;

    public Chain(List<GradientTransformation> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public OptState init(float[][] params) {
        List<OptState> states = new ArrayList<>(parts.size());
        for (GradientTransformation t : parts) states.add(t.init(params));
        return OptState.ofChildren(states);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        List<OptState> states = state.children();
        for (int i = 0; i < parts.size(); i++) parts.get(i).update(updates, states.get(i), params);
        state.increment();
    }

    @Override
    public boolean observesCurvature() {
        for (GradientTransformation t : parts) {
            if (t instanceof CurvatureObserver c && c.observesCurvature()) return true;
        }
        return false;
    }

    @Override
    public void afterForward(Tensor output, Loss loss, OptState state) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof CurvatureObserver c && c.observesCurvature()) {
                c.afterForward(output, loss, state.children().get(i));
            }
        }
    }
}
