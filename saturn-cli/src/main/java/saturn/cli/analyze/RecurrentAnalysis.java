package saturn.cli.analyze;

import java.util.function.Supplier;
import saturn.theory.Activation;
import saturn.theory.analysis.Outcome;
import saturn.theory.gauss.DivergentExpectationException;
import saturn.theory.recurrent.ElmanMeanField;
import saturn.theory.recurrent.ElmanPoint;
import saturn.theory.recurrent.GateInit;
import saturn.theory.recurrent.GatedCritical;
import saturn.theory.recurrent.GatedMeanField;
import saturn.theory.recurrent.GruInit;
import saturn.theory.recurrent.GruMeanField;
import saturn.theory.recurrent.GruPoint;
import saturn.theory.recurrent.HorizonTransform;
import saturn.theory.recurrent.LstmInit;
import saturn.theory.recurrent.LstmMeanField;
import saturn.theory.recurrent.LstmPoint;
import saturn.theory.recurrent.MemoryBias;

/**
 * What {@code saturn analyze --recurrent} prints about one activation, gathered from the
 * library ({@code saturn.theory.recurrent}). For an RNN: the mean-field point, the critical
 * σw² and the horizon transforms; for a GRU or LSTM, whose every block gets
 * (σw², σu², σb²) with bias mean 0: the mean-field point, the memory-gate biases for the
 * horizon, the point at the recommended bias, and the recurrent scale that makes χ = 1.
 * Parts the theory refuses are absent with the reason.
 */
record RecurrentAnalysis(Activation activation, Activation gate, RecurrentOptions.Cell cell, Settings settings,
                         ElmanPoint rnn, Outcome<ElmanMeanField> critical, Outcome<HorizonTransform> dks,
                         Outcome<HorizonTransform> tat, Gated gated, Gated atRecommended,
                         Outcome<MemoryBias> memoryBias, Outcome<Double> recurrentScale) {

    /** The numbers the analysis was asked for. */
    record Settings(double sigmaW2, double sigmaU2, double sigmaB2, double inputVariance, double inputCorrelation,
                    int horizon, double inputShare, double zeta, double tau) {
    }

    /**
     * A gated cell's point: {@code qCell} NaN for a GRU; {@code memoryGain} E[f²] or E[z²].
     */
    record Gated(double memoryBias, double qHidden, double qCell, double memoryGain, double chi, double timescale) {

        static Gated of(GatedMeanField cell) {
            return switch (cell) {
                case LstmMeanField l -> {
                    LstmPoint p = l.point();
                    yield new Gated(l.memoryBias(), p.qHidden(), p.qCell(), p.forgetGain(), p.chi(), p.timescale());
                }
                case GruMeanField g -> {
                    GruPoint p = g.point();
                    yield new Gated(g.memoryBias(), p.qHidden(), Double.NaN, p.updateGain(), p.chi(), p.timescale());
                }
            };
        }
    }

    static RecurrentAnalysis of(Activation phi, Activation gate, RecurrentOptions.Cell cell, Settings s) {
        try {
            return cell == RecurrentOptions.Cell.RNN ? elman(phi, s) : gated(phi, gate, cell, s);
        } catch (DivergentExpectationException e) {
            throw new IllegalArgumentException("cannot analyze '" + phi.name() + "': " + e.getMessage());
        }
    }

    private static RecurrentAnalysis elman(Activation phi, Settings s) {
        ElmanPoint p = ElmanMeanField.of(phi, s.sigmaW2(), s.sigmaU2(), s.sigmaB2(), s.inputVariance())
                .point(s.inputCorrelation());
        Outcome<ElmanMeanField> critical = attempt(() -> ElmanMeanField.critical(phi, s.sigmaU2(), s.sigmaB2(),
                s.inputVariance()));
        return new RecurrentAnalysis(phi, null, RecurrentOptions.Cell.RNN, s, p, critical,
                attempt(() -> HorizonTransform.dks(phi, s.horizon(), s.inputShare(), s.zeta())),
                attempt(() -> HorizonTransform.tat(phi, s.horizon(), s.inputShare(), s.tau())),
                null, null, null, null);
    }

    private static RecurrentAnalysis gated(Activation phi, Activation gate, RecurrentOptions.Cell cell, Settings s) {
        GateInit block = new GateInit(s.sigmaW2(), s.sigmaU2(), 0, s.sigmaB2());
        GatedMeanField mf = cell == RecurrentOptions.Cell.LSTM
                ? LstmMeanField.of(gate, phi, LstmInit.uniform(block), s.inputVariance())
                : GruMeanField.of(gate, phi, GruInit.uniform(block), s.inputVariance());
        Outcome<MemoryBias> bias = attempt(() -> GatedCritical.memoryBias(mf, s.horizon()));
        Gated recommended = bias.isPresent() && Double.isFinite(bias.value().recommended())
                ? Gated.of(mf.withMemoryBias(bias.value().recommended())) : null;
        return new RecurrentAnalysis(phi, gate, cell, s, null, null, null, null, Gated.of(mf), recommended, bias,
                attempt(() -> GatedCritical.recurrentScale(mf)));
    }

    private static <T> Outcome<T> attempt(Supplier<T> solve) {
        try {
            return Outcome.of(solve.get());
        } catch (IllegalArgumentException e) { // NoCriticalPoint-, NoTransform-, DivergentExpectationException
            return Outcome.absent(e.getMessage());
        }
    }
}
