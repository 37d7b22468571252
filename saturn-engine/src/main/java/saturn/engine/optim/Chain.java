package saturn.engine.optim;

import java.util.ArrayList;
import java.util.List;

/** Applies transformations in order; the state holds one child state per transformation. */
public final class Chain implements GradientTransformation {

    private final List<GradientTransformation> parts;

    public Chain(List<GradientTransformation> parts) {
        this.parts = List.copyOf(parts);
    }

    public static Chain of(GradientTransformation... parts) {
        return new Chain(List.of(parts));
    }

    @Override
    public ChainState init(float[][] params) {
        List<OptState> states = new ArrayList<>(parts.size());
        for (GradientTransformation t : parts) states.add(t.init(params));
        return new ChainState(states);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        ChainState s = (ChainState) state;
        for (int i = 0; i < parts.size(); i++) parts.get(i).update(updates, s.part(i), params);
        s.increment();
    }

    /** The transformations in order; child {@code i} of the state belongs to part {@code i}. */
    public List<GradientTransformation> parts() {
        return parts;
    }
}
