package saturn.engine.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/** One named float32 tensor of a safetensors file, row-major, with its shape. */
public record StoredTensor(String name, int[] shape, float[] data) {

    public StoredTensor {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + size
                    + " floats, data has " + data.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
