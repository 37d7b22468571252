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
 * @param task       what the model learns: a class per row ({@code y}), real targets, or a class per time step
 * @param targets    {@link Task#REGRESSION}: {@code n × classes} real targets ({@code classes} outputs, y all 0);
 *                   {@link Task#STEP_CLASSES}: {@code n × steps} class indices, one per time step; null otherwise
 * @param stepFeatures for rows that are sequences (the long-memory tasks), the features of one time step; 0 otherwise
 */
public record Dataset(String name, float[] x, int[] y, int n, int features, int classes,
                      List<String> classNames, Values values, String source, Task task, float[] targets,
                      int stepFeatures) {

    /** What a data set asks the model to predict. */
    public enum Task {
        /** One class per row: {@code y}, softmax cross-entropy, accuracy. */
        CLASSES,
        /** {@code classes} real values per row: {@code targets}, mean squared error. */
        REGRESSION,
        /** One class per time step of the row's sequence: {@code targets}, cross-entropy averaged over every step. */
        STEP_CLASSES
    }

    /** A classification data set: one class per row. */
    public Dataset(String name, float[] x, int[] y, int n, int features, int classes, List<String> classNames, Values values,
                   String source) {
        this(name, x, y, n, features, classes, classNames, values, source, Task.CLASSES, null, 0);
    }

    /** The kind of raw values, which decides what "scale" means in {@link Preprocessing}. */
    public enum Values {
        /** Bytes 0..255 (image pixels): scaling divides by 255. */
        BYTES,
        /** Arbitrary reals (CSV columns, synthetic inputs): scaling is min-max from the training set. */
        REAL,
        /** Values the task has already encoded (markers, one-hot symbols): preprocessing leaves them as they are. */
        ENCODED
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
        Objects.requireNonNull(task, "task");
        if ((task == Task.CLASSES) != (targets == null)) throw new IllegalArgumentException(task + " data " + (targets == null ? "need" : "take no") + " targets");
        if (targets != null && (n == 0 || targets.length % n != 0)) {
            throw new IllegalArgumentException(targets.length + " targets do not split into " + n + " rows");
        }
        if (task == Task.REGRESSION && targets.length != (long) n * classes) {
            throw new IllegalArgumentException("regression data need " + classes + " targets a row");
        }
        if (stepFeatures < 0 || (stepFeatures > 0 && features % stepFeatures != 0)) {
            throw new IllegalArgumentException(features + " features are not steps of " + stepFeatures);
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
                features, classes, classNames, values, source + " (first " + rows + " training examples)", task,
                targets == null ? null : java.util.Arrays.copyOf(targets, rows * targetWidth()), stepFeatures);
    }

    public Dataset withX(float[] newX) {
        return new Dataset(name, newX, y, n, features, classes, classNames, values, source, task, targets, stepFeatures);
    }

    /** Targets a row ({@code targets.length / n}); 0 without targets. */
    public int targetWidth() {
        return targets == null ? 0 : targets.length / n;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Dataset slice(int from, int to, String newSource) {
        Objects.checkFromToIndex(from, to, n);
        float[] sx = java.util.Arrays.copyOfRange(x, from * features, to * features);
        int[] sy = java.util.Arrays.copyOfRange(y, from, to);
        int w = targetWidth();
        return new Dataset(name, sx, sy, to - from, features, classes, classNames, values, newSource, task,
                targets == null ? null : java.util.Arrays.copyOfRange(targets, from * w, to * w), stepFeatures);
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
