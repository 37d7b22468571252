package saturn.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import saturn.cli.options.BadInputException;
import saturn.cli.options.OptionText;
import saturn.cli.run.InterruptHook;
import saturn.cli.sweep.Sweep;
import saturn.cli.sweep.SweepResults;
import saturn.cli.sweep.Trial;
import saturn.engine.data.DataException;
import saturn.engine.data.Split;
import saturn.engine.run.DataLoader;
import saturn.engine.run.RunSpec;
import saturn.engine.train.StopRequest;

/**
 * {@code saturn demo}: deep sigmoid, tanh and Gaussian-bump networks trained naively next to
 * Saturn's remedies ({@link Remedy#DEMO}) on Fashion-MNIST, as one sweep: progress, a table
 * of vanishing factor and accuracy side by side, and the sweep report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deep saturating networks, naive and remedied, side by side on Fashion-MNIST.",
                "Trains sigmoid, tanh and gauss MLPs of depth 100 (width 256) with Xavier init and Adam, and with "
                        + "each remedy, and recurrent tanh networks reading each image row by row (PyTorch's init, "
                        + "--remedy auto, an LSTM); prints vanishing factor and test accuracy; writes an HTML report.",
                "Takes about 5 1/2 minutes on 2 cores (--quick: about 20 s) and up to 2 GB of memory (the saturn "
                        + "launcher gives the demo a 2 GB heap)."})
public final class DemoCommand implements Callable<Integer> {

    static final List<String> ACTIVATIONS = List.of("sigmoid", "tanh", "gauss");
    /** State size of the demo's recurrent runs. */
    static final int RECURRENT_WIDTH = 128;

    /** The demo's network and budget. */
    record Scale(String name, String data, int depth, int width, int steps, int evalEvery, int diagEvery, int rbfDepth) {
    }

    static final Scale FULL = new Scale("full", "fashion-mnist", 100, 256, 400, 100, 25, 10);
    static final Scale QUICK = new Scale("quick", "fashion-mnist", 50, 64, 200, 100, 25, 5);
    /** For tests: the whole command on a few hundred synthetic points. */
    static final Scale TINY = new Scale("tiny", "synthetic:spirals?n=256&test=64", 8, 16, 20, 10, 5, 2);

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "A smaller network (depth 50, width 64) and budget (200 steps): about 20 s on 2 cores.")
    boolean quick;
    @Option(names = "--out", paramLabel = "DIR", description = "Folder of the demo's runs (runs/demo-<time>); rerun on it to resume.")
    Path out;
    @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
            description = "Runs trained at the same time (${DEFAULT-VALUE}), each on cores/N threads (the same bits for any N): on 2 cores two "
                    + "single-threaded runs beat one two-threaded run at these widths.")
    int workers;
    @Option(names = "--download", description = "Download Fashion-MNIST (HTTPS, SHA-256 verified) when it is not on "
            + "this machine; without it the embedded subset stands in.")
    boolean download;
    @Option(names = "--scale", hidden = true, description = "full, quick or tiny (tests).")
    String scale;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scale s = scale == null ? (quick ? QUICK : FULL) : switch (scale) {
            case "full" -> FULL;
            case "quick" -> QUICK;
            case "tiny" -> TINY;
            default -> throw new BadInputException("unknown --scale '" + scale + "'");
        };
        if (workers < 1 || workers > 64) throw new BadInputException("--workers must be between 1 and 64, got " + workers);
        Path root = out != null ? out : Path.of("runs", "demo-" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));

        DataLoader data = DataLoader.memoized(DataLoader.system(download, line -> {
            err.println(line);
            err.flush();
        }));
        Split split;
        try {
            split = data.load(OptionText.data(s.data()), null);
        } catch (DataException e) {
            throw new BadInputException(e.getMessage());
        }
        stdout.println(String.format(Locale.ROOT, "Saturn demo: MLPs of depth %d, width %d; Adam, batch %d, %d steps; %s",
                s.depth(), s.width(), RunSpec.DEFAULT_BATCH, s.steps(), String.join(", ", ACTIVATIONS)));
        stdout.println("data: " + dataStatement(split));
        stdout.flush();

        long start = System.nanoTime();
        StopRequest stop = new StopRequest();
        try (InterruptHook hook = InterruptHook.install(stop)) {
            Sweep.Outcome o = Sweep.run(err, root, "Saturn demo (" + s.name() + ")", trials(s), workers, 0.8,
                    data, stop);
            double wall = (System.nanoTime() - start) * 1e-9;
            return finish(stdout, err, root, split, o, wall);
        }
    }

    private static int finish(PrintWriter stdout, PrintWriter err, Path root, Split split, Sweep.Outcome o,
                              double wall) {
        stdout.println();
        stdout.print(table(o.rows()));
        stdout.println();
        stdout.println(String.format(Locale.ROOT, "data: %s", dataStatement(split)));
        stdout.println(String.format(Locale.ROOT, "%d runs in %.0f s; vanishing factor = delta_rms of the first hidden "
                + "layer / the last (for the recurrent rows, |dL/dh_1| / |dL/dh_T| over the time steps), at step 1 and at the end "
                + "(1 is healthy; 1e-10 means the first layers or steps get no gradient)",
                o.rows().size(), wall));
        stdout.println("results: " + root.resolve(SweepResults.MARKDOWN));
        stdout.println("report: " + o.report());
        stdout.flush();
        return o.exitCode(err);
    }

    static String dataStatement(Split split) {
        String source = split.source();
        String kind = source.startsWith("embedded")
                ? "EMBEDDED SUBSET of Fashion-MNIST (the t10k images only; the full set was not found: "
                        + "`saturn data fetch fashion-mnist` downloads it)"
                : source.contains("Fashion-MNIST") ? "full Fashion-MNIST" : "data";
        return kind + ", " + split.train().n() + " train / " + split.test().n() + " test images — " + source;
    }

    /** Every activation with every setup of {@link Remedy#DEMO}. */
    static List<Trial> trials(Scale s) {
        List<Trial> trials = new ArrayList<>();
        for (String act : ACTIVATIONS) {
            for (Remedy r : Remedy.DEMO) trials.add(trial(s, act + "_" + r.id(), act, act, s.depth(), r));
        }
        // the RBF stack computes Gaussian units: no --activation
        for (Remedy r : Remedy.RBF) trials.add(trial(s, "rbf_" + r.id(), "rbf×" + s.rbfDepth(), null, s.rbfDepth(), r));
        // one recurrent layer over the rows of each image (28 steps), at most 128 units
        String sequence = s.data().startsWith("fashion-mnist") ? "rows" : "pixels";
        for (Remedy r : Remedy.RECURRENT) {
            Trial t = trial(s, "seq_" + r.id(), "seq:tanh", "tanh", 1, r);
            Map<String, String> options = new LinkedHashMap<>(t.options());
            options.put("width", Integer.toString(Math.min(s.width(), RECURRENT_WIDTH)));
            options.put("sequence", sequence);
            trials.add(new Trial(t.name(), t.axes(), options));
        }
        return trials;
    }

    /** One demo run: the scale's data and budget, the remedy's options and Adam step. */
    private static Trial trial(Scale s, String name, String shown, String activation, int depth, Remedy r) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("activation", shown);
        axes.put("setup", r.label());
        axes.put("lr", lr(r.lr()));
        Map<String, String> options = new LinkedHashMap<>();
        options.put("data", s.data());
        options.put("depth", Integer.toString(depth));
        options.put("width", Integer.toString(s.width()));
        if (activation != null) options.put("activation", activation);
        options.put("optimizer", "adam");
        options.put("lr", lr(r.lr()));
        options.put("max-steps", Integer.toString(s.steps()));
        options.put("eval-every", Integer.toString(s.evalEvery()));
        options.put("diag-every", Integer.toString(s.diagEvery()));
        options.put("checkpoint-every", Integer.toString(s.steps()));
        options.putAll(r.options());
        return new Trial(name, axes, options);
    }

    private static String lr(double lr) {
        return String.format(Locale.ROOT, "%.0e", lr).replace("e-0", "e-");
    }

    /** The terminal table: setup, learning rate, vanishing factor and accuracy side by side. */
    static String table(List<SweepResults.Row> rows) {
        StringBuilder b = new StringBuilder();
        String fmt = "%-9s %-22s %-6s %-23s %-17s %s%n";
        b.append(String.format(Locale.ROOT, fmt, "act", "setup", "lr", "vanishing start → end", "test acc final", "best"));
        for (SweepResults.Row r : rows) {
            String vf = r.run() == null ? "" : SweepResults.sci(r.vanishingStart()) + " → " + SweepResults.sci(r.vanishingEnd());
            String acc = r.status().equals("completed") ? SweepResults.percent(r.finalAccuracy()) : r.status();
            b.append(String.format(Locale.ROOT, fmt, r.axes().get("activation"), r.axes().get("setup"), r.axes().get("lr"),
                    vf, acc, SweepResults.percent(r.bestAccuracy())));
        }
        return b.toString();
    }
}
