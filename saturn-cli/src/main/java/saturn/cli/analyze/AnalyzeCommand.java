package saturn.cli.analyze;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import saturn.cli.options.BadInputException;
import saturn.cli.options.OptionText;
import saturn.cli.run.Json;
import saturn.theory.Activation;
import saturn.theory.analysis.Analysis;
import saturn.theory.analysis.AnalysisOptions;
import saturn.theory.gauss.DivergentExpectationException;

/**
 * {@code saturn analyze}: signal propagation through a deep random network with the given
 * activation(s) — moments, mean field, critical line, Jacobian spectrum, DKS/TAT transforms.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Mean-field analysis of any activation: how signal and gradient propagate through a deep "
                + "random network before training, the critical (edge-of-chaos) initialization, the Jacobian "
                + "spectrum, and the DKS/TAT activation transforms for the given depth.",
                "An activation is a library name (tanh, sigmoid, erf, gauss, softsign, PyTorch's names such as silu, "
                        + "gelu, mish, ...) or a formula in x, e.g. 'exp(-x^2)*x', 'x*exp(-x**2/2)' or 'x/(1+abs(x))'.",
                "The report ends in advice: the saturn train flags that --remedy auto picks for this activation and "
                        + "depth, why, and warnings where the numbers show trouble.",
                "--layer rbf analyzes one layer of Gaussian RBF units instead: output moments, backward gain and the "
                        + "widths that maximize them, beside a seeded simulation."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "ACTIVATION", description = "Library names or formulas in x (none with --layer rbf).")
    List<String> activations;

    @Option(names = "--sigma-w2", paramLabel = "X", description = "Weight variance σw² (weights N(0, σw²/N)). Default 1.")
    double sigmaW2 = 1;

    @Option(names = "--sigma-b2", paramLabel = "Y", description = "Bias variance σb². Default 0.")
    double sigmaB2 = 0;

    @Option(names = "--q-star", paramLabel = "Q",
            description = "Put the critical point at this q* (Pennington et al.) instead of at the given σb².")
    Double qStar;

    @Option(names = "--depth", paramLabel = "L", description = "Depth for the Jacobian and the DKS/TAT targets. Default 100.")
    int depth = 100;

    @Option(names = "--zeta", paramLabel = "Z", description = "DKS network slope target ζ > 1. Default 1.5.")
    double zeta = 1.5;

    @Option(names = "--tau", paramLabel = "T", description = "TAT network curvature target τ > 0. Default 0.3.")
    double tau = 0.3;

    @Option(names = "--json", description = "One JSON object per activation (an array when several are given).")
    boolean json;

    @Option(names = "--phase-diagram", paramLabel = "FILE.svg",
            description = "Also draw the σw² × σb² phase diagram (ξc shading, χ1 = 1 line) of the one activation given.")
    Path phaseDiagram;

    @Mixin
    RecurrentOptions recurrent = new RecurrentOptions();

    @Mixin
    RbfOptions rbf = new RbfOptions();

    @Override
    public Integer call() {
        if (rbf.enabled()) return RbfReport.run(this, rbf);
        for (String o : new String[] {"--input-dim", "--width", "--centres", "--rbf-width", "--samples", "--seed"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) throw new BadInputException(o + " applies to --layer rbf");
        }
        if (activations == null || activations.isEmpty()) {
            throw new BadInputException("missing ACTIVATION: give a library name or a formula in x (or --layer rbf)");
        }
        if (recurrent.enabled()) return RecurrentReport.run(this, recurrent);
        AnalysisOptions options = options();
        List<Activation> parsed = new ArrayList<>();
        for (String a : activations) parsed.add(OptionText.formula(a));
        if (phaseDiagram != null) checkPhaseDiagramTarget(parsed.size());

        List<Analysis> results = parsed.parallelStream().map(a -> analyze(a, options)).toList();

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            if (results.size() == 1) {
                out.println(Json.writePretty(AnalysisJson.of(results.get(0), parsed.get(0))));
            } else {
                ArrayNode array = Json.MAPPER.createArrayNode();
                for (int i = 0; i < results.size(); i++) array.add(AnalysisJson.of(results.get(i), parsed.get(i)));
                out.println(Json.writePretty(array));
            }
        } else {
            for (int i = 0; i < results.size(); i++) {
                if (i > 0) out.println();
                AnalysisReport.print(out, parsed.get(i), results.get(i));
            }
        }
        out.flush();
        if (phaseDiagram != null) {
            PhaseDiagram.write(phaseDiagram, parsed.get(0));
            spec.commandLine().getErr().println("phase diagram written to " + phaseDiagram);
        }
        return 0;
    }

    private AnalysisOptions options() {
        requirePositive("--sigma-w2", sigmaW2);
        if (!(sigmaB2 >= 0) || Double.isInfinite(sigmaB2)) {
            throw new BadInputException("--sigma-b2 must be a finite number >= 0, got " + sigmaB2);
        }
        if (qStar != null) requirePositive("--q-star", qStar);
        if (depth < 1) throw new BadInputException("--depth must be an integer >= 1, got " + depth);
        if (!(zeta > 1) || Double.isInfinite(zeta)) throw new BadInputException("--zeta must be a finite number > 1, got " + zeta);
        requirePositive("--tau", tau);
        return new AnalysisOptions(sigmaW2, sigmaB2, qStar == null ? OptionalDouble.empty() : OptionalDouble.of(qStar),
                depth, zeta, tau);
    }

    private static void requirePositive(String flag, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new BadInputException(flag + " must be a finite number > 0, got " + v);
    }

    private static Analysis analyze(Activation a, AnalysisOptions options) {
        try {
            return Analysis.of(a, options);
        } catch (DivergentExpectationException e) {
            throw new BadInputException("cannot analyze '" + a.name() + "': " + e.getMessage());
        }
    }

    private void checkPhaseDiagramTarget(int count) {
        if (count != 1) throw new BadInputException("--phase-diagram takes exactly one activation, got " + count);
        String name = phaseDiagram.getFileName() == null ? "" : phaseDiagram.getFileName().toString();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".svg")) {
            throw new BadInputException("--phase-diagram writes an SVG file; give a name ending in .svg, got '" + phaseDiagram + "'");
        }
        Path dir = phaseDiagram.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadInputException("--phase-diagram: folder " + dir + " does not exist");
        }
        if (Files.isDirectory(phaseDiagram)) {
            throw new BadInputException("--phase-diagram: " + phaseDiagram + " is a folder");
        }
        try {
            if (!Files.isWritable(dir)) throw new BadInputException("--phase-diagram: folder " + dir + " is not writable");
        } catch (SecurityException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
