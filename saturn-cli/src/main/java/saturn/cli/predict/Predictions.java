package saturn.cli.predict;

import java.util.Locale;

/**
 * The network's outputs on a set of rows and how {@code saturn predict} writes them: for
 * classes, the logits, their softmax (in double, shifted by the largest logit), the predicted
 * class (the first largest logit) and the label; for regression, the outputs and the targets.
 * Logits and outputs are written as the shortest decimal of their float, probabilities of
 * their double.
 *
 * @param outputs {@code rows × width} values, row-major
 * @param labels  the label of each row, or null
 * @param targets the regression targets, {@code rows × width}, or null
 */
record Predictions(float[] outputs, int rows, int width, boolean regression, int[] labels, float[] targets) {

    /** The softmax of row {@code i}'s logits. */
    double[] probabilities(int i) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < width; c++) max = Math.max(max, outputs[i * width + c]);
        double[] p = new double[width];
        double sum = 0;
        for (int c = 0; c < width; c++) sum += p[c] = Math.exp(outputs[i * width + c] - max);
        for (int c = 0; c < width; c++) p[c] /= sum;
        return p;
    }

    /** The first class of largest logit in row {@code i}. */
    int predicted(int i) {
        int best = 0;
        for (int c = 1; c < width; c++) if (outputs[i * width + c] > outputs[i * width + best]) best = c;
        return best;
    }

    String csv() {
        StringBuilder sb = new StringBuilder("row");
        if (regression) {
            for (int c = 0; c < width; c++) sb.append(",output_").append(c);
            if (targets != null) for (int c = 0; c < width; c++) sb.append(",target_").append(c);
        } else {
            for (int c = 0; c < width; c++) sb.append(",logit_").append(c);
            for (int c = 0; c < width; c++) sb.append(",prob_").append(c);
            sb.append(",predicted");
            if (labels != null) sb.append(",label");
        }
        sb.append('\n');
        for (int i = 0; i < rows; i++) {
            sb.append(i);
            for (int c = 0; c < width; c++) sb.append(',').append(outputs[i * width + c]);
            if (regression) {
                if (targets != null) for (int c = 0; c < width; c++) sb.append(',').append(targets[i * width + c]);
            } else {
                for (double p : probabilities(i)) sb.append(',').append(p);
                sb.append(',').append(predicted(i));
                if (labels != null) sb.append(',').append(labels[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    String jsonl() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sb.append("{\"row\":").append(i).append(regression ? ",\"outputs\":" : ",\"logits\":");
            floats(sb, outputs, i * width);
            if (regression) {
                if (targets != null) {
                    sb.append(",\"targets\":");
                    floats(sb, targets, i * width);
                }
            } else {
                sb.append(",\"probabilities\":[");
                double[] p = probabilities(i);
                for (int c = 0; c < width; c++) sb.append(c > 0 ? "," : "").append(p[c]);
                sb.append("],\"predicted\":").append(predicted(i));
                if (labels != null) sb.append(",\"label\":").append(labels[i]);
            }
            sb.append("}\n");
        }
        return sb.toString();
    }

    private void floats(StringBuilder sb, float[] v, int from) {
        sb.append('[');
        for (int c = 0; c < width; c++) {
            float x = v[from + c];
            sb.append(c > 0 ? "," : "").append(Float.isFinite(x) ? Float.toString(x) : "null");
        }
        sb.append(']');
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Predictions[%d rows x %d]", rows, width);
    }
}
