package saturn.engine.loss;

/**
 * What a loss compares the model output with: integer class labels (classification) or a
 * float matrix of the output's shape (regression). Mutable views so that a training loop
 * can point them at the current batch without allocating.
 */
public final class Target {

    private int[] labels;
    private float[] values;

    public static Target labels(int[] labels) {
        Target t = new Target();
        t.labels = labels;
        return t;
    }

    public static Target values(float[] values) {
        Target t = new Target();
        t.values = values;
        return t;
    }

    public int[] labels() {
        if (labels == null) throw new IllegalStateException("this target holds values, not class labels");
        return labels;
    }

    public float[] values() {
        if (values == null) throw new IllegalStateException("this target holds class labels, not values");
        return values;
    }

    public void setLabels(int[] labels) {
        this.labels = labels;
        this.values = null;
    }

    public void setValues(float[] values) {
        this.values = values;
        this.labels = null;
    }
}
