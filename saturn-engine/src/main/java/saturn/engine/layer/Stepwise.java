package saturn.engine.layer;

import java.util.List;

import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * One dense layer applied at every time step with the same weights: {@code [batch, steps·in]}
 * is read as the {@code [batch·steps, in]} matrix it already is in memory, and the result
 * {@code [batch·steps, out]} is returned as {@code [batch, steps·out]}. The read-out of a
 * recurrent stack that predicts at every step; its parameters are the dense layer's.
 */
public final class Stepwise implements Layer {

    private final Dense dense;
    private final int steps;
    private Tensor y, dx;

    public Stepwise(Dense dense, int steps) {
        if (steps <= 0) throw new IllegalArgumentException("steps must be positive: " + steps);
        this.dense = dense;
        this.steps = steps;
    }

    public Dense dense() {
        return dense;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = dense.forward(new Tensor(x.data(), x.rows() * steps, dense.inputSize()));
        if (y == null || y.data() != h.data()) y = new Tensor(h.data(), x.rows(), steps * dense.outputSize());
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor g = dense.backward(new Tensor(dy.data(), dy.rows() * steps, dense.outputSize()));
        if (g == null) return null;
        if (dx == null || dx.data() != g.data()) dx = new Tensor(g.data(), dy.rows(), steps * dense.inputSize());
        return dx;
    }

    @Override
    public void needInputGradient(boolean need) {
        dense.needInputGradient(need);
    }

    @Override
    public List<Parameter> parameters() {
        return dense.parameters();
    }

    @Override
    public int inputSize() {
        return steps * dense.inputSize();
    }

    @Override
    public int outputSize() {
        return steps * dense.outputSize();
    }

    @Override
    public String kind() {
        return "Linear";
    }
}
