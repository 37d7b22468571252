package saturn.cli.analyze;

import static saturn.cli.analyze.AnalysisReport.num;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import saturn.cli.options.BadInputException;
import saturn.cli.run.Json;
import saturn.theory.rbf.RbfMoments;
import saturn.theory.rbf.RbfPrediction;
import saturn.theory.rbf.RbfPrescription;

/**
 * {@code saturn analyze --layer rbf}: one layer of Gaussian RBF units on inputs {@code x ~ N(0, v I)}
 * with centres {@code c ~ N(0, v_c I)} — the theory's output mean and variance, backward gain,
 * the widths that maximize the variance and the gain ({@code saturn.theory.rbf}), each beside
 * the same quantity measured on a seeded layer of the engine.
 */
final class RbfReport {

    private RbfReport() {
    }

    /** Runs the analysis with the command's options; returns the exit code. */
    static int run(AnalyzeCommand c, RbfOptions o) {
        String why = "it belongs to the analysis of an activation";
        refuse(c, "--recurrent", "analyze one or the other");
        for (String opt : new String[] {"--sigma-w2", "--sigma-b2", "--q-star", "--depth", "--zeta", "--tau", "--phase-diagram"}) {
            refuse(c, opt, why);
        }
        if (c.activations != null && !c.activations.isEmpty()) {
            throw new BadInputException("--layer rbf analyzes Gaussian RBF units: give no ACTIVATION (got '"
                    + String.join(" ", c.activations) + "')");
        }
        double v = c.recurrent.inputVariance;
        o.validate(v);
        int n = o.inputDim;
        int w = o.width;
        double vc = o.centres.variance(v);
        RbfPrediction best = RbfPrescription.recommend(n, v, vc);
        double s2 = o.rbfWidth != null ? o.rbfWidth * o.rbfWidth : best.width2();
        RbfPrediction at = RbfMoments.overRandomCentres(n, v, vc, s2);
        double gain = RbfMoments.backwardGain(n, w, v, vc, s2);
        double gainWidth2 = n > 2 ? RbfPrescription.maxGainWidth2(n, v, vc) : Double.NaN;
        double median2 = RbfPrescription.medianHeuristicWidth2(n, v, vc);
        RbfSimulation sim = RbfSimulation.of(n, w, v, vc, s2, o.samples, o.seed);

        PrintWriter out = c.spec.commandLine().getOut();
        if (c.json) {
            out.println(Json.writePretty(json(o, v, vc, s2, at, gain, best, gainWidth2, median2, sim)));
        } else {
            print(out, o, v, vc, s2, at, gain, best, gainWidth2, median2, sim);
        }
        out.flush();
        return 0;
    }

    private static void refuse(AnalyzeCommand c, String option, String why) {
        if (c.spec.commandLine().getParseResult().hasMatchedOption(option)) {
            throw new BadInputException(option + " does not apply to --layer rbf: " + why);
        }
    }

    private static void print(PrintWriter out, RbfOptions o, double v, double vc, double s2, RbfPrediction at, double gain,
                              RbfPrediction best, double gainWidth2, double median2, RbfSimulation sim) {
        int n = o.inputDim;
        out.printf("RBF layer: y_j = exp(-|x - c_j|^2 / (2 s^2)), N = %d inputs x ~ N(0, %s I), W = %d units, "
                + "centres %s (c ~ N(0, %s I))%n", n, num(v), o.width, o.centres.label(), num(vc));
        out.printf("  width             s = %s (s^2 = %s; %s)%n", num(Math.sqrt(s2)), num(s2),
                o.rbfWidth != null ? "given" : "the s that maximizes the output variance");
        out.printf("  %-17s %-16s %s%n", "", "theory", "simulation (seed " + sim.seed() + ", " + sim.samples() + " inputs)");
        row(out, "output mean", at.mean(), sim.mean());
        row(out, "output variance", at.variance(), sim.variance());
        row(out, "backward gain χ", gain, sim.backwardGain());
        out.printf("  distances         sd/mean of |x - c|^2 = sqrt(2/N) = %s: %s%n", num(at.distanceSpread()),
                at.distanceSpread() < 0.2 ? "every input sits at nearly the same distance from a centre" : "spread out");
        out.printf("  max variance      s = %s (s^2 = %s): variance %s, χ = %s%n", num(Math.sqrt(best.width2())),
                num(best.width2()), num(best.variance()), num(RbfMoments.backwardGain(n, o.width, v, vc, best.width2())));
        if (Double.isNaN(gainWidth2)) {
            out.printf("  max gain          none: for N <= 2 the gain grows as s -> 0%n");
        } else {
            out.printf("  max gain          s = %s (s^2 = (N/2 - 1)(v + v_c) = %s): χ = %s, variance %s%n",
                    num(Math.sqrt(gainWidth2)), num(gainWidth2), num(RbfMoments.backwardGain(n, o.width, v, vc, gainWidth2)),
                    num(RbfMoments.overRandomCentres(n, v, vc, gainWidth2).variance()));
        }
        out.printf("  median heuristic  s = %s (s^2 = median |x - c|^2 / 2 = %s)%n", num(Math.sqrt(median2)), num(median2));
        out.printf("  over L layers     the gradient shrinks by about χ^(L/2) if every layer saw such inputs: "
                + "%s after 10 layers%n", num(Math.pow(gain, 5)));
    }

    private static void row(PrintWriter out, String label, double theory, double simulated) {
        out.printf("  %-17s %-16s %s%n", label, num(theory), num(simulated));
    }

    private static ObjectNode json(RbfOptions o, double v, double vc, double s2, RbfPrediction at, double gain,
                                   RbfPrediction best, double gainWidth2, double median2, RbfSimulation sim) {
        int n = o.inputDim;
        ObjectNode root = Json.object();
        root.put("layer", "rbf");
        root.put("input_dim", n);
        root.put("width", o.width);
        root.put("centres", o.centres.label());
        root.put("input_variance", v);
        root.put("centre_variance", vc);
        root.put("rbf_width", Math.sqrt(s2));
        root.put("rbf_width_rule", o.rbfWidth != null ? "given" : "max_variance");
        ObjectNode theory = root.putObject("theory");
        theory.put("mean", at.mean());
        theory.put("variance", at.variance());
        theory.put("backward_gain", gain);
        theory.put("distance_spread", at.distanceSpread());
        ObjectNode simulation = root.putObject("simulation");
        simulation.put("seed", sim.seed());
        simulation.put("samples", sim.samples());
        simulation.put("mean", sim.mean());
        simulation.put("variance", sim.variance());
        simulation.put("backward_gain", sim.backwardGain());
        ObjectNode widths = root.putObject("widths");
        ObjectNode mv = widths.putObject("max_variance");
        mv.put("rbf_width", Math.sqrt(best.width2()));
        mv.put("variance", best.variance());
        mv.put("backward_gain", RbfMoments.backwardGain(n, o.width, v, vc, best.width2()));
        if (Double.isNaN(gainWidth2)) {
            widths.putNull("max_gain");
        } else {
            ObjectNode mg = widths.putObject("max_gain");
            mg.put("rbf_width", Math.sqrt(gainWidth2));
            mg.put("backward_gain", RbfMoments.backwardGain(n, o.width, v, vc, gainWidth2));
            mg.put("variance", RbfMoments.overRandomCentres(n, v, vc, gainWidth2).variance());
        }
        widths.putObject("median_heuristic").put("rbf_width", Math.sqrt(median2));
        return root;
    }
}
