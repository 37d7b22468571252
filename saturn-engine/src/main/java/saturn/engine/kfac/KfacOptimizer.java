package saturn.engine.kfac;

import saturn.engine.model.Model;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.Schedule;

/**
 * K-FAC as a named optimizer. It preconditions the gradients of a model's dense layers with
 * statistics of that model's own forward and backward passes, so unlike the recipes of
 * {@link saturn.engine.optim.Optimizers} it is built for one model.
 */
public final class KfacOptimizer {

    private KfacOptimizer() {
    }

    /**
     * K-FAC for the model's dense layers (see {@link Kfac}); the other trained parameters go
     * to {@code fallback}. The result only works with this model's {@code TrainingStep}.
     *
     * @param statsEvery   factor statistics (and their extra backward pass) every this many steps
     * @param inverseEvery inverses refreshed every this many steps
     * @param klClip       bound κ on {@code η² ⟨Δ, ∇⟩} (0: no clipping)
     * @param seed         seed of the sampled targets of the Fisher statistics
     */
    public static GradientTransformation of(Model model, Schedule lr, double momentum, double damping, double decay,
                                            int statsEvery, int inverseEvery, double klClip, long seed,
                                            GradientTransformation fallback) {
        return new Kfac(model, lr, momentum, damping, decay, inverseEvery, statsEvery, klClip, seed, fallback);
    }
}
