package saturn.engine.train;

import java.util.List;
import saturn.engine.model.LayerStats;

/**
 * Acts on the network between steps from what a diagnosed step measured (the gain controller,
 * {@code --control}). Called by the {@link Trainer} right after each diagnosed step, before the
 * step's checkpoint, so that a resumed run repeats the same actions.
 */
public interface StepControl {

    /**
     * @param step   the step just taken (from 1)
     * @param layers its per-hidden-layer diagnostics
     * @return the actions taken and their reasons as a JSON object, written to the step's line of
     *         {@code diagnostics.jsonl} under {@code control}
     */
    String act(long step, List<LayerStats> layers);
}
