package saturn.engine.layer;

import java.util.ArrayList;
import java.util.List;

import saturn.engine.kernel.ActivationKernel;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * Highway layer (Srivastava et al. 2015): {@code y = T·H(x) + (1−T)·x} with the gate
 * {@code T = sigmoid(x W_Tᵀ + b_T)} and {@code H = φ(x W_Hᵀ + b_H)}. Parameters:
 * {@code gate.weight/bias} and {@code hidden.weight/bias}. The gate bias starts negative
 * (carry behaviour) once {@link #initializeGateBias(float)} is called.
 */
public final class Highway implements Layer {

    private final int size;
    private final Dense gate;
    private final Dense hidden;
    private final ActivationLayer activation;

    private Tensor x;
    private Tensor t;      // gate values
    private Tensor hOut;   // H(x)
    private Tensor y;
    private Tensor dGate;
    private Tensor dHidden;
    private Tensor dx;

    public Highway(int size, ActivationKernel kernel, double maxAbsDerivative, String activationName, Ops ops) {
        this.size = size;
        this.gate = new Dense(size, size, true, ops);
        this.hidden = new Dense(size, size, true, ops);
        this.activation = new ActivationLayer(kernel, size, maxAbsDerivative, activationName, Float.NaN, ops.kernels());
    }

    public void initializeGateBias(float value) {
        java.util.Arrays.fill(gate.bias, value);
    }

    public Dense gate() {
        return gate;
    }

    public Dense hidden() {
        return hidden;
    }

    @Override
    public Tensor forward(Tensor x) {
        this.x = x;
        int batch = x.rows();
        int n = batch * size;
        t = Tensor.reuse(t, batch, size);
        float[] zt = gate.forward(x).data();
        float[] td = t.data();
        for (int i = 0; i < n; i++) td[i] = (float) (1.0 / (1.0 + Math.exp(-zt[i])));
        hOut = activation.forward(hidden.forward(x));
        y = Tensor.reuse(y, batch, size);
        float[] hd = hOut.data();
        float[] xd = x.data();
        float[] yd = y.data();
        for (int i = 0; i < n; i++) yd[i] = xd[i] + td[i] * (hd[i] - xd[i]);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int batch = dy.rows();
        int n = batch * size;
        float[] g = dy.data();
        float[] td = t.data();
        float[] hd = hOut.data();
        float[] xd = x.data();
        dGate = Tensor.reuse(dGate, batch, size);
        dHidden = Tensor.reuse(dHidden, batch, size);
        float[] dz = dGate.data();
        float[] dh = dHidden.data();
        for (int i = 0; i < n; i++) {
            float ti = td[i];
            dz[i] = g[i] * (hd[i] - xd[i]) * ti * (1f - ti);
            dh[i] = g[i] * ti;
        }
        float[] fromGate = gate.backward(dGate).data();
        dx = Tensor.reuse(dx, batch, size);
        float[] out = dx.data();
        for (int i = 0; i < n; i++) out[i] = fromGate[i] + g[i] * (1f - td[i]);
        float[] fromHidden = hidden.backward(activation.backward(dHidden)).data();
        for (int i = 0; i < n; i++) out[i] += fromHidden[i];
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(4);
        for (Parameter p : gate.parameters()) list.add(p.withPrefix("gate."));
        for (Parameter p : hidden.parameters()) list.add(p.withPrefix("hidden."));
        return list;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    /** The activation of the transform branch {@code H}. */
    public ActivationLayer activation() {
        return activation;
    }

    @Override
    public String kind() {
        return "Highway";
    }
}
