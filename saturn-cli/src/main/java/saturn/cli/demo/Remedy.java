package saturn.cli.demo;

import java.util.List;
import java.util.Map;

/**
 * A setup that {@code saturn demo} trains for each activation: train options over the demo's
 * network (depth, width, data, budget), with the Adam learning rate that suits it. The list is
 * the one place to add setups ({@code --remedy auto}, an RBF stack with {@code --init rbf-data},
 * ...) once they exist.
 *
 * @param id      the run directory's suffix
 * @param label   what the table calls it
 * @param options train options (keys of {@link saturn.cli.options.TrainOptions#KEYS}); {@code lr} is given separately
 * @param lr      Adam's step: deep vanilla networks need small ones (1e-3 collapses a 20-layer tanh net)
 */
record Remedy(String id, String label, Map<String, String> options, double lr) {

    /** The naive setup first, then Saturn's remedies. */
    static final List<Remedy> DEMO = List.of(
            new Remedy("naive", "naive: Xavier, Adam", Map.of("init", "xavier"), 1e-4),
            new Remedy("auto", "auto: TAT + orthogonal", Map.of("remedy", "auto"), 1e-4),
            new Remedy("critical", "critical init", Map.of("init", "critical"), 1e-4),
            new Remedy("layernorm", "layer norm (Xavier)", Map.of("norm", "layer", "init", "xavier"), 1e-4));

    /**
     * The Gaussian-RBF stack ({@code --layer rbf}, depth {@link DemoCommand.Scale#rbfDepth}): random
     * centres against centres and widths from the data. RBF centres move slowly under Adam's
     * 1e-4; 1e-2 trained a 10-layer stack best of 1e-3, 3e-3, 1e-2 (78.9% after 5 epochs).
     */
    static final List<Remedy> RBF = List.of(
            new Remedy("rbf-random", "random centres", Map.of("layer", "rbf", "init", "rbf-random"), 1e-2),
            new Remedy("rbf-data", "rbf-data", Map.of("layer", "rbf", "init", "rbf-data"), 1e-2));

    /**
     * Recurrent networks reading each image row by row ({@code --sequence rows}, 28 steps;
     * {@code pixels} on data that are not images): a vanilla tanh recurrence with PyTorch's
     * default initialization and with {@code --remedy auto} (TAT over the horizon, orthogonal
     * recurrent weights), and an LSTM with PyTorch's default; Adam at 1e-3, the step
     * {@code --remedy auto} keeps for 28 steps.
     */
    static final List<Remedy> RECURRENT = List.of(
            new Remedy("rnn-torch", "RNN, PyTorch init", Map.of("layer", "rnn", "init", "torch"), 1e-3),
            new Remedy("rnn-auto", "RNN, auto: TAT + orth", Map.of("layer", "rnn", "remedy", "auto"), 1e-3),
            new Remedy("lstm-torch", "LSTM, PyTorch init", Map.of("layer", "lstm", "init", "torch"), 1e-3));
}
