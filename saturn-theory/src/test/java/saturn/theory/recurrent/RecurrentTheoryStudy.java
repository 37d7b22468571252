package saturn.theory.recurrent;

import java.util.Locale;
import saturn.theory.Activation;

/**
 * Prints the measurements behind "Where it holds" in docs/theory-recurrent.md (not a test:
 * run its main with the test classpath; about three minutes on two cores). Every network
 * is seeded; the tables are the same on every run.
 */
public final class RecurrentTheoryStudy {

    private static final Activation SIGMOID = Activation.parse("sigmoid");
    private static final Activation TANH = Activation.parse("tanh");

    private RecurrentTheoryStudy() {
    }

    public static void main(String[] args) {
        horizonAndWidth();
        gatedRegimes();
        transformedVariance();
    }

    /** Elman tanh on its critical line: the gradient over the last T steps, by width. */
    private static void horizonAndWidth() {
        ElmanMeanField critical = ElmanMeanField.critical(TANH, 0.5, 0.05, 1);
        System.out.printf(Locale.ROOT, "%n## Elman tanh on the critical line (sigma_w2 = %.4f, sigma_u2 = 0.5, sigma_b2 = 0.05)%n",
                critical.sigmaW2());
        System.out.println("| width | T | ln(|d_0|^2/|d_T|^2), mean over 4 seeds | spread (std) | theory T ln chi |");
        System.out.println("|---|---|---|---|---|");
        int steps = 420;
        int[] horizons = {25, 100, 400};
        for (int width : new int[] {250, 1000, 2000}) {
            double[][] totals = new double[horizons.length][4];
            for (int seed = 0; seed < 4; seed++) {
                WideElman.Run run = new WideElman(TANH, width, 200, critical.sigmaW2(), 0.5, 0.05, 500L + seed)
                        .run(1, 1, steps);
                for (int k = 0; k < horizons.length; k++) {
                    double s = 0;
                    for (int t = steps - horizons[k]; t < steps; t++) {
                        s += run.logGain()[t];
                    }
                    totals[k][seed] = s;
                }
            }
            for (int k = 0; k < horizons.length; k++) {
                System.out.printf(Locale.ROOT, "| %d | %d | %+.3f | %.3f | %+.3f |%n", width, horizons[k], mean(totals[k]),
                        std(totals[k]), horizons[k] * Math.log(critical.chi()));
            }
        }
    }

    /** Gated cells, weights tied or drawn afresh per step, against the mean field. */
    private static void gatedRegimes() {
        System.out.printf(Locale.ROOT, "%n## Gated cells, width 500, 2 seeds: tied and untied weights against the mean field%n");
        System.out.println("| cell | regime | steps | quantity | theory | untied | tied |");
        System.out.println("|---|---|---|---|---|---|---|");
        GateInit driven = new GateInit(0.3, 2, 0, 0);
        GateInit heavy = new GateInit(1, 1, 0, 0);
        GateInit pixel = GateInit.pytorchDefault(128, 1);
        LstmInit pixelLstm = LstmInit.uniform(pixel);
        double forget = GatedCritical.memoryBias(LstmMeanField.of(pixelLstm, 1), 784).recommended();
        lstmRow("input-driven, mu_f = 1", LstmInit.uniform(driven).withForgetBias(1), 60);
        lstmRow("recurrent-heavy, mu_f = 0", LstmInit.uniform(heavy), 60);
        lstmRow(String.format(Locale.ROOT, "PyTorch default H=128 d=1, mu_f = %.2f", forget), pixelLstm.withForgetBias(forget), 300);
        gruRow("input-driven, mu_z = 1", GruInit.uniform(driven).withUpdateBias(1), 60);
        gruRow("recurrent-heavy, mu_z = 0", GruInit.uniform(heavy), 60);
    }

    private static void lstmRow(String regime, LstmInit init, int steps) {
        LstmPoint p = LstmMeanField.of(init, 1).point();
        double[] untied = lstm(init, steps, true);
        double[] tied = lstm(init, steps, false);
        String[] names = {"q_h", "q_c", "chi"};
        double[] theory = {p.qHidden(), p.qCell(), p.chi()};
        for (int k = 0; k < 3; k++) {
            System.out.printf(Locale.ROOT, "| LSTM | %s | %d | %s | %.4g | %.4g | %.4g |%n", regime, steps, names[k], theory[k],
                    untied[k], tied[k]);
        }
    }

    private static void gruRow(String regime, GruInit init, int steps) {
        GruPoint p = GruMeanField.of(init, 1).point();
        double[] untied = gru(init, steps, true);
        double[] tied = gru(init, steps, false);
        System.out.printf(Locale.ROOT, "| GRU | %s | %d | q_h | %.4g | %.4g | %.4g |%n", regime, steps, p.qHidden(), untied[0], tied[0]);
        System.out.printf(Locale.ROOT, "| GRU | %s | %d | chi | %.4g | %.4g | %.4g |%n", regime, steps, p.chi(), untied[1], tied[1]);
    }

    private static double[] lstm(LstmInit init, int steps, boolean untied) {
        double[] m = new double[3];
        for (int seed = 0; seed < 2; seed++) {
            WideLstm w = new WideLstm(SIGMOID, TANH, init, 500, 100, 40 + seed);
            w.untied = untied;
            WideLstm.Run r = w.run(1, steps);
            m[0] += mean(r.qHidden(), steps / 2, steps) / 2;
            m[1] += mean(r.qCell(), steps / 2, steps) / 2;
            m[2] += mean(r.logGain(), 5, 25) / 2;
        }
        m[2] = Math.exp(m[2]);
        return m;
    }

    private static double[] gru(GruInit init, int steps, boolean untied) {
        double[] m = new double[2];
        for (int seed = 0; seed < 2; seed++) {
            WideGru w = new WideGru(SIGMOID, TANH, init, 500, 100, 40 + seed);
            w.untied = untied;
            WideGru.Run r = w.run(1, steps);
            m[0] += mean(r.qHidden(), steps / 2, steps) / 2;
            m[1] += mean(r.logGain(), 5, 25) / 2;
        }
        m[1] = Math.exp(m[1]);
        return m;
    }

    /** The TAT recurrence (T = 50, v = 0.002): its variance from q = 1 and from a zero state. */
    private static void transformedVariance() {
        HorizonTransform h = HorizonTransform.tat(TANH, 50, 0.002, 0.3);
        Activation hat = h.apply(TANH);
        System.out.printf(Locale.ROOT, "%n## tanh, TAT over T = 50 with input share 0.002: variance after 40 steps, 3 seeds%n");
        System.out.println("| width | start | q_40 per seed | per-step gradient gain per seed |");
        System.out.println("|---|---|---|---|");
        for (int width : new int[] {1000, 2000, 4000}) {
            for (double q0 : new double[] {1, 0}) {
                StringBuilder qs = new StringBuilder();
                StringBuilder gains = new StringBuilder();
                for (long seed = 1; seed <= 3; seed++) {
                    WideElman.Run run = new WideElman(hat, width, 200, h.sigmaW2(), h.inputWeightVariance(1), 0, seed)
                            .run(1, 0.5, 40, q0);
                    qs.append(String.format(Locale.ROOT, "%s%.3f", seed == 1 ? "" : ", ", run.q()[39]));
                    gains.append(String.format(Locale.ROOT, "%s%.4f", seed == 1 ? "" : ", ",
                            Math.exp(WideElman.Run.mean(run.logGain(), 1, 40))));
                }
                System.out.printf(Locale.ROOT, "| %d | %s | %s | %s |%n", width, q0 == 1 ? "q = 1" : "zero", qs, gains);
            }
        }
    }

    private static double mean(double[] v) {
        return mean(v, 0, v.length);
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int t = from; t < to; t++) {
            s += v[t];
        }
        return s / (to - from);
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
