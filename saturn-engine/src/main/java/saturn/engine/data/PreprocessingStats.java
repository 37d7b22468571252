package saturn.engine.data;

import java.util.Objects;

/**
 * A fitted preprocessing: {@code x' = (x - shift[j]) * scale[j]} for feature {@code j},
 * with one-element arrays meaning the same value for every feature. Fitted on a training
 * set by {@link Preprocessing#fit}; apply it unchanged to test and evaluation data.
 *
 * @param method  the method it was fitted for
 * @param shift   subtracted from the raw value (length 1 or the feature count)
 * @param scale   multiplies the shifted value (same length as shift)
 * @param summary one line saying what was done, with the statistics, for configs and reports
 */
public record PreprocessingStats(Preprocessing method, float[] shift, float[] scale, String summary) {

    public PreprocessingStats {
        Objects.requireNonNull(method, "method");
        if (shift.length != scale.length || shift.length == 0) {
            throw new IllegalArgumentException("shift and scale lengths " + shift.length + ", " + scale.length);
        }
    }

    /** True when one shift and one scale serve every feature. */
    public boolean global() {
        return shift.length == 1;
    }

    /** A copy of {@code data} with the transformation applied. */
    public Dataset apply(Dataset data) {
        if (!global() && shift.length != data.features()) {
            throw new DataException(data.name() + ": preprocessing fitted on " + shift.length
                    + " features but the data has " + data.features());
        }
        float[] out = data.x().clone();
        transform(out, data.features());
        return data.withX(out);
    }

    /** Applies the transformation in place to row-major rows of {@code features} values. */
    public void transform(float[] x, int features) {
        if (global()) {
            float s = shift[0];
            float k = scale[0];
            for (int i = 0; i < x.length; i++) x[i] = (x[i] - s) * k;
            return;
        }
        for (int i = 0; i < x.length; i += features) {
            for (int j = 0; j < features; j++) x[i + j] = (x[i + j] - shift[j]) * scale[j];
        }
    }
}
