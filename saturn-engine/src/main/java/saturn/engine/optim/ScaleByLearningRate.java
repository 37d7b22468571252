package saturn.engine.optim;

/**
 * {@code u ← −η(t)·u}: the final step of every recipe (the sign turns a gradient into a
 * descent update). The step t counts this transformation's updates from 0.
 */
public final class ScaleByLearningRate implements GradientTransformation {

    private final Schedule schedule;

    public ScaleByLearningRate(Schedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public OptState init(float[][] params) {
        return OptState.empty();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        float f = advance(schedule, state);
        for (float[] u : updates) {
            for (int i = 0; i < u.length; i++) u[i] *= f;
        }
    }

    /**
     * This step's factor {@code −η(t)}, t being the state's counter, which it then advances:
     * the one place the rate is read, shared with the fused recipes' {@code beginStep}.
     */
    static float advance(Schedule schedule, OptState state) {
        float f = (float) -schedule.at(state.count());
        state.increment();
        return f;
    }
}
