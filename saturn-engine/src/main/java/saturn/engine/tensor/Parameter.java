package saturn.engine.tensor;

import java.util.Arrays;

/**
 * A named view of a layer's typed field, produced only at the checkpoint / optimizer
 * boundary. {@code grad} is null for buffers that are saved but not trained (BatchNorm's
 * running statistics). Names and shapes follow PyTorch ({@code layers.0.weight [out, in]}).
 */
public record Parameter(String name, int[] shape, float[] data, float[] grad) {

    public Parameter {
        long size = 1;
        for (int d : shape) size *= d;
        if (size != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape)
                    + " does not match " + data.length + " elements");
        }
        if (grad != null && grad.length != data.length) {
            throw new IllegalArgumentException(name + ": gradient size differs from data size");
        }
    }

    public static Parameter trainable(String name, float[] data, float[] grad, int... shape) {
        return new Parameter(name, shape, data, grad);
    }

    public static Parameter buffer(String name, float[] data, int... shape) {
        return new Parameter(name, shape, data, null);
    }

    public boolean trainable() {
        return grad != null;
    }

    public Parameter withPrefix(String prefix) {
        return new Parameter(prefix + name, shape, data, grad);
    }

    public int size() {
        return data.length;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (trainable() ? "" : " (buffer)");
    }
}
