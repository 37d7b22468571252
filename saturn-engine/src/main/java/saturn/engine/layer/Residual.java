package saturn.engine.layer;

import java.util.ArrayList;
import java.util.List;

import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * A shortcut around a branch of layers (input size = output size). Two forms:
 * <ul>
 *   <li>normalized sum {@code y = √(1−w²)·F(x) + w·x} with a fixed skip weight {@code w}
 *       in [0, 1], which preserves the signal variance when F does;</li>
 *   <li>ReZero {@code y = x + α·F(x)} with a learnable {@code α} that starts at 0, so every
 *       block begins as the identity.</li>
 * </ul>
 * Branch parameters are named {@code branch.j.*} ({@code j} numbering the branch's modules).
 */
public final class Residual implements Layer {

    private final List<Layer> branch;
    private final int size;
    private final boolean reZero;
    private final float branchWeight;   // √(1−w²) for the normalized sum
    private final float skipWeight;     // w for the normalized sum, 1 for ReZero
    final float[] alpha;
    final float[] alphaGrad;

    private Tensor branchOut;
    private Tensor y;
    private Tensor dBranch;
    private Tensor dx;
    private Tensor outputGradient;

    private Residual(List<Layer> branch, boolean reZero, float skipWeight) {
        if (branch.isEmpty()) throw new IllegalArgumentException("empty residual branch");
        this.branch = List.copyOf(branch);
        this.size = branch.getFirst().inputSize();
        if (branch.getLast().outputSize() != size) {
            throw new IllegalArgumentException("residual branch maps " + size + " to "
                    + branch.getLast().outputSize() + " features; it must preserve the size");
        }
        this.reZero = reZero;
        this.skipWeight = reZero ? 1f : skipWeight;
        this.branchWeight = reZero ? 1f : (float) Math.sqrt(1.0 - (double) skipWeight * skipWeight);
        this.alpha = reZero ? new float[1] : null;
        this.alphaGrad = reZero ? new float[1] : null;
        for (Layer l : this.branch) l.needInputGradient(true);
    }

    /** {@code y = √(1−w²)·F(x) + w·x}. */
    public static Residual normalized(List<Layer> branch, float skipWeight) {
        if (!(skipWeight >= 0f && skipWeight <= 1f)) {
            throw new IllegalArgumentException("skip weight must be in [0, 1]: " + skipWeight);
        }
        return new Residual(branch, false, skipWeight);
    }

    /** {@code y = x + α·F(x)}, {@code α} learnable, initially 0. */
    public static Residual reZero(List<Layer> branch) {
        return new Residual(branch, true, 1f);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor t = x;
        for (int k = 0; k < branch.size(); k++) t = branch.get(k).forward(t);
        branchOut = t;
        int batch = x.rows();
        int n = batch * size;
        y = Tensor.reuse(y, batch, size);
        float a = reZero ? alpha[0] : branchWeight;
        float[] f = t.data();
        float[] xd = x.data();
        float[] yd = y.data();
        for (int i = 0; i < n; i++) yd[i] = a * f[i] + skipWeight * xd[i];
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        outputGradient = dy;
        int batch = dy.rows();
        int n = batch * size;
        float[] g = dy.data();
        dBranch = Tensor.reuse(dBranch, batch, size);
        float[] db = dBranch.data();
        float a = reZero ? alpha[0] : branchWeight;
        if (reZero) {
            float[] f = branchOut.data();
            double s = 0;
            for (int i = 0; i < n; i++) s += (double) g[i] * f[i];
            alphaGrad[0] = (float) s;
        }
        for (int i = 0; i < n; i++) db[i] = a * g[i];
        Tensor t = dBranch;
        for (int k = branch.size() - 1; k >= 0; k--) t = branch.get(k).backward(t);
        dx = Tensor.reuse(dx, batch, size);
        float[] out = dx.data();
        float[] dxb = t.data();
        for (int i = 0; i < n; i++) out[i] = dxb[i] + skipWeight * g[i];
        return dx;
    }

    @Override
    public void setTraining(boolean training) {
        for (Layer l : branch) l.setTraining(training);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>();
        if (reZero) list.add(Parameter.trainable("alpha", alpha, alphaGrad, 1));
        for (int j = 0; j < branch.size(); j++) {
            for (Parameter p : branch.get(j).parameters()) list.add(p.withPrefix("branch." + j + "."));
        }
        return list;
    }

    /** The gradient of the loss with respect to this block's output in the last backward pass (null before one). */
    public Tensor outputGradient() {
        return outputGradient;
    }

    public List<Layer> branch() {
        return branch;
    }

    /** w of the normalized sum {@code √(1−w²)·F(x) + w·x}; 1 for ReZero. */
    public float skipWeight() {
        return skipWeight;
    }

    public boolean isReZero() {
        return reZero;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    /** The branch's factor in the sum: √(1−w²) for the normalized sum, 1 for ReZero (whose α is a parameter). */
    public float branchScale() {
        return branchWeight;
    }

    @Override
    public String kind() {
        return reZero ? "ReZero" : "Residual";
    }
}
