package saturn.engine.data;

import java.util.List;
import java.util.Objects;

/**
 * A labelled data set held in memory: {@code n} rows of {@code features} floats, row-major
 * in {@code x}, and a class index in {@code [0, classes)} per row in {@code y}.
 *
 * @param name       short name ("fashion-mnist", "synthetic:spirals", "iris.csv")
 * @param x          features, {@code n * features} floats, row-major
 * @param y          labels, {@code n} class indices
 * @param n          number of rows
 * @param features   number of features per row (784 for 28x28 images)
 * @param classes    number of classes
 * @param classNames one name per class, in index order
 * @param values     what the raw values are, which decides how they are scaled
 * @param source     where the data came from, for the run's output (says when a fallback was used)
 */
public record Dataset(String name, float[] x, int[] y, int n, int features, int classes,
                      List<String> classNames, Values values, String source) {

    /** The kind of raw values, which decides what "scale" means in {@link Preprocessing}. */
    public enum Values {
        /** Bytes 0..255 (image pixels): scaling divides by 255. */
        BYTES,
        /** Arbitrary reals (CSV columns, synthetic inputs): scaling is min-max from the training set. */
        REAL
    }

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(source, "source");
        classNames = List.copyOf(classNames);
        if (n < 0 || features <= 0 || classes <= 0) {
            throw new IllegalArgumentException("bad shape: n=" + n + " features=" + features + " classes=" + classes);
        }
        if (x.length != (long) n * features) {
            throw new IllegalArgumentException("x has " + x.length + " floats, expected " + n + "x" + features);
        }
        if (y.length != n) {
            throw new IllegalArgumentException("y has " + y.length + " labels, expected " + n);
        }
        if (classNames.size() != classes) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + classes + " classes");
        }
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("label " + y[i] + " of row " + i + " outside 0.." + (classes - 1));
            }
        }
    }

    /** The same rows with other feature values (after preprocessing). */
    /** The first {@code rows} examples, labelled as a subset in the name and source. */
    public Dataset head(int rows) {
        if (rows < 1 || rows > n) throw new IllegalArgumentException("rows must be in [1, " + n + "], got " + rows);
        if (rows == n) return this;
        return new Dataset(name, java.util.Arrays.copyOf(x, rows * features), java.util.Arrays.copyOf(y, rows), rows,
                features, classes, classNames, values, source + " (first " + rows + " training examples)");
    }

    public Dataset withX(float[] newX) {
        return new Dataset(name, newX, y, n, features, classes, classNames, values, source);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Dataset slice(int from, int to, String newSource) {
        Objects.checkFromToIndex(from, to, n);
        float[] sx = java.util.Arrays.copyOfRange(x, from * features, to * features);
        int[] sy = java.util.Arrays.copyOfRange(y, from, to);
        return new Dataset(name, sx, sy, to - from, features, classes, classNames, values, newSource);
    }

    /** Number of rows of each class. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : y) counts[label]++;
        return counts;
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", n=" + n + ", features=" + features + ", classes=" + classes + ", " + source + "]";
    }
}
