package saturn.engine.control;

import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.LayerNorm;

/**
 * What the gain controller turns to change a hidden layer's backward gain: the learnable output
 * scale {@code a} of {@code a·φ}, or, in a network with LayerNorm before each activation (where a
 * scale on the output would be divided out again by the next layer's norm), the next layer's
 * norm gain vector γ, scaled as a whole. Both make the measured backward gain grow with the
 * handle's value.
 */
public interface GainHandle {

    /** The handle's value: {@code a}, or the root mean square of γ. */
    double value();

    /** Multiplies the handle by {@code factor} (finite, > 0). */
    void multiply(double factor);

    /** The output scale of {@code a·φ}. */
    static GainHandle scale(ActivationLayer layer) {
        if (!layer.hasScale()) throw new IllegalArgumentException("activation layer without a learnable scale");
        return new GainHandle() {
            @Override
            public double value() {
                return layer.scaleValue();
            }

            @Override
            public void multiply(double factor) {
                layer.setScale((float) (layer.scaleValue() * factor));
            }
        };
    }

    /** LayerNorm's gain vector γ, all of it multiplied at once. */
    static GainHandle layerNorm(LayerNorm norm) {
        return new GainHandle() {
            @Override
            public double value() {
                return norm.gainRms();
            }

            @Override
            public void multiply(double factor) {
                norm.multiplyGain((float) factor);
            }
        };
    }
}
