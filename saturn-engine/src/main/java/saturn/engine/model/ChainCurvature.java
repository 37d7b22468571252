package saturn.engine.model;

import java.util.ArrayList;
import java.util.List;

import saturn.engine.loss.Loss;
import saturn.engine.optim.Chain;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;
import saturn.engine.tensor.Tensor;

/** The observing parts of a chain, each called with its own child of the chain's state. */
final class ChainCurvature implements CurvatureObserver {

    /** Indices of the observing parts in the chain, and their observers. */
    private final int[] parts;
    private final CurvatureObserver[] observers;

    private ChainCurvature(int[] parts, CurvatureObserver[] observers) {
        this.parts = parts;
        this.observers = observers;
    }

    /** Null when no part of {@code chain} observes curvature. */
    static CurvatureObserver of(Chain chain) {
        List<GradientTransformation> all = chain.parts();
        List<Integer> at = new ArrayList<>();
        List<CurvatureObserver> found = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            CurvatureObserver c = CurvatureObserver.find(all.get(i));
            if (c != null) {
                at.add(i);
                found.add(c);
            }
        }
        if (found.isEmpty()) return null;
        return new ChainCurvature(at.stream().mapToInt(Integer::intValue).toArray(),
                found.toArray(CurvatureObserver[]::new));
    }

    @Override
    public boolean observesCurvature() {
        return true;
    }

    @Override
    public void afterForward(Tensor output, Loss loss, OptState state) {
        for (int k = 0; k < parts.length; k++) observers[k].afterForward(output, loss, state.children().get(parts[k]));
    }
}
