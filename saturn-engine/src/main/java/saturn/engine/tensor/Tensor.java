package saturn.engine.tensor;

import java.util.Arrays;

/**
 * A float32 array with a row-major shape. No autograd: layers own their output tensors and
 * reuse them for as long as the batch size stays the same.
 */
public final class Tensor {

    private final float[] data;
    private final int[] shape;

    public Tensor(float[] data, int... shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size
                    + " elements, data has " + data.length);
        }
        this.data = data;
        this.shape = shape.clone();
    }

    /** A zero-filled {@code rows x cols} matrix. */
    public static Tensor matrix(int rows, int cols) {
        return new Tensor(new float[Math.multiplyExact(rows, cols)], rows, cols);
    }

    /**
     * Returns {@code current} when it already is a {@code rows x cols} matrix, otherwise a new
     * one: the single place where layer buffers are (re)allocated, once per batch size.
     */
    public static Tensor reuse(Tensor current, int rows, int cols) {
        if (current != null && current.rank() == 2 && current.shape[0] == rows && current.shape[1] == cols) {
            return current;
        }
        return matrix(rows, cols);
    }

    public float[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of rows of a matrix (the batch size for activations). */
    public int rows() {
        return shape[0];
    }

    /** Number of elements per row (product of all but the first dimension). */
    public int cols() {
        return shape.length == 0 ? 1 : data.length / Math.max(1, shape[0]);
    }

    public int size() {
        return data.length;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
