package saturn.engine.data;

import java.util.Locale;

/**
 * How inputs are scaled before training. Every statistic comes from the <em>training</em>
 * set and is then applied unchanged to both splits (and later to evaluation data, through
 * the returned {@link PreprocessingStats}).
 *
 * <ul>
 *   <li>{@link #STANDARDIZE} (default): scale to [0, 1], then subtract the mean and divide
 *       by the standard deviation. For images ({@link Dataset.Values#BYTES}) one global mean
 *       and std over all training pixels, as usual for the MNIST family. For real-valued
 *       data the columns have unrelated units, so the statistics are per feature (the
 *       same as {@link #PLN}).</li>
 *   <li>{@link #SCALE}: images divided by 255; real-valued data min–max scaled per feature
 *       with the training set's minimum and maximum (a constant feature is only shifted).</li>
 *   <li>{@link #NONE}: raw values.</li>
 *   <li>{@link #PLN} (per-location normalization): scale to [0, 1], then per-feature mean and
 *       {@code sqrt(var + ε)}, ε = {@value #EPSILON} in [0, 1] units (a std of about 0.03):
 *       a pixel that is constant in the training set is centred to 0 instead of divided by
 *       zero, and a pixel that barely varies gets a gain of at most about 32.</li>
 * </ul>
 */
public enum Preprocessing {
    STANDARDIZE, SCALE, NONE, PLN;

    /** Variance floor of {@link #PLN} (and per-feature {@link #STANDARDIZE}), in [0, 1] units. */
    public static final double EPSILON = 1e-3;

    /** The lower-case name used on the command line and in configs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Preprocessing parse(String text) {
        for (Preprocessing p : values()) {
            if (p.id().equalsIgnoreCase(text.strip())) return p;
        }
        throw new DataException("unknown preprocessing '" + text + "' (choose standardize, scale, none or pln)");
    }

    /** Fits the statistics on {@code split.train()} and applies them to both splits (new arrays). */
    public Preprocessed apply(Split split) {
        PreprocessingStats stats = fit(split.train());
        return new Preprocessed(new Split(stats.apply(split.train()), stats.apply(split.test())), stats);
    }

    /** The statistics of this method on a training set. */
    public PreprocessingStats fit(Dataset train) {
        boolean bytes = train.values() == Dataset.Values.BYTES;
        if (train.values() == Dataset.Values.ENCODED && this != NONE) {
            return new PreprocessingStats(NONE, new float[] {0f}, new float[] {1f},
                    "none: " + train.name() + " encodes its inputs itself (markers, one-hot symbols); " + id() + " left them as they are");
        }
        return switch (this) {
            case NONE -> new PreprocessingStats(this, new float[] {0f}, new float[] {1f}, "none: raw values");
            case SCALE -> bytes
                    ? new PreprocessingStats(this, new float[] {0f}, new float[] {1f / 255f}, "scale: x/255")
                    : minMax(train);
            case STANDARDIZE -> bytes ? globalStandardize(train) : perFeature(train, this);
            case PLN -> perFeature(train, this);
        };
    }

    private static PreprocessingStats globalStandardize(Dataset train) {
        float[] x = train.x();
        double sum = 0;
        for (float v : x) sum += v;
        double mean = sum / x.length;
        double ss = 0;
        for (float v : x) ss += (v - mean) * (v - mean);
        double std = Math.sqrt(ss / x.length);
        double std01 = std / 255;
        double mean01 = mean / 255;
        if (std01 < Math.sqrt(EPSILON)) std01 = Math.sqrt(EPSILON);
        return new PreprocessingStats(STANDARDIZE, new float[] {(float) mean}, new float[] {(float) (1 / (255 * std01))},
                String.format(Locale.ROOT, "standardize: x/255, then (x - %.6f) / %.6f (training-set mean and std of all pixels)",
                        mean01, std01));
    }

    private static PreprocessingStats minMax(Dataset train) {
        int f = train.features();
        float[] min = new float[f];
        float[] max = new float[f];
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        float[] x = train.x();
        for (int i = 0; i < train.n(); i++) {
            for (int j = 0; j < f; j++) {
                float v = x[i * f + j];
                if (v < min[j]) min[j] = v;
                if (v > max[j]) max[j] = v;
            }
        }
        float[] scale = new float[f];
        for (int j = 0; j < f; j++) {
            double range = (double) max[j] - min[j];
            scale[j] = range > 0 ? (float) (1 / range) : 1f;
        }
        return new PreprocessingStats(SCALE, min, scale,
                "scale: per-feature (x - min) / (max - min) with the training set's min and max");
    }

    private static PreprocessingStats perFeature(Dataset train, Preprocessing method) {
        int f = train.features();
        int n = train.n();
        float[] x = train.x();
        double[] mean = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) mean[j] += x[i * f + j];
        }
        for (int j = 0; j < f; j++) mean[j] /= n;
        double[] var = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double d = x[i * f + j] - mean[j];
                var[j] += d * d;
            }
        }
        // the [0, 1] unit: 255 for images, the training range for real-valued features
        double[] unit = new double[f];
        if (train.values() == Dataset.Values.BYTES) {
            java.util.Arrays.fill(unit, 255);
        } else {
            PreprocessingStats range = minMax(train);
            for (int j = 0; j < f; j++) unit[j] = 1 / (double) range.scale()[j];
        }
        float[] shift = new float[f];
        float[] scale = new float[f];
        for (int j = 0; j < f; j++) {
            double v = var[j] / n;
            shift[j] = (float) mean[j];
            scale[j] = (float) (1 / Math.sqrt(v + EPSILON * unit[j] * unit[j]));
        }
        String scaled = train.values() == Dataset.Values.BYTES ? "x/255" : "min-max to [0, 1]";
        return new PreprocessingStats(method, shift, scale, String.format(Locale.ROOT,
                "%s: %s, then per-feature (x - mean) / sqrt(var + %s) with training-set statistics",
                method.id(), scaled, EPSILON));
    }
}
