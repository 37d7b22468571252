package saturn.engine.optim;

import java.util.List;

/** A {@link Chain}'s state: one state per part, in the chain's order; its counter counts the chain's steps. */
public final class ChainState extends OptState {

    private final List<OptState> parts;

    ChainState(List<OptState> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The state of part {@code i}. */
    public OptState part(int i) {
        return parts.get(i);
    }

    @Override
    public List<OptState> children() {
        return parts;
    }
}
