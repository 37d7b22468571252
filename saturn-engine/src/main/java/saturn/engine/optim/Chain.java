package saturn.engine.optim;

import java.util.ArrayList;
import java.util.List;

/** Applies transformations in order; the state holds one child state per transformation. */
public final class Chain implements GradientTransformation {

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

    /** The transformations in order; child {@code i} of the state belongs to part {@code i}. */
    public List<GradientTransformation> parts() {
        return parts;
    }
}
