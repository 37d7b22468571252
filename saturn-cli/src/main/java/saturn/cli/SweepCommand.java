package saturn.cli;

import saturn.cli.options.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import saturn.engine.run.DataLoader;
import saturn.engine.train.StopRequest;

/**
 * {@code saturn sweep --config GRID.yaml}: trains every combination of a grid of train
 * options, in parallel, into one folder; writes {@code results.csv}, {@code results.md} and
 * {@code report.html}. Rerunning it on the same folder skips finished trials and resumes
 * unfinished ones. Exit codes: 0 every trial has a result (whatever it is), 2 bad grid
 * (nothing written), 130 interrupted.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a grid of configurations and compare them.",
                "GRID.yaml maps train option names (without dashes) to a value, or to a list of values (an axis); "
                        + "the trials are every combination of the axes."})
final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "GRID.yaml", required = true, description = "The grid.")
    Path config;
    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Trials trained at the same time (${DEFAULT-VALUE}); each gets cores/N GEMM threads.")
    int workers;
    @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder (sweeps/<time>-<grid name>); rerun on it to resume.")
    Path out;
    @Option(names = "--target", paramLabel = "ACC", defaultValue = "0.8",
            description = "Test accuracy whose first reaching step the results report (${DEFAULT-VALUE}).")
    double target;

    @Override
    public Integer call() throws IOException {
        if (workers < 1 || workers > 256) throw new BadInputException("--workers must be between 1 and 256, got " + workers);
        if (!(target > 0 && target <= 1)) throw new BadInputException("--target must be in (0, 1], got " + target);
        SweepGrid grid = SweepGrid.read(config);
        List<Trial> trials = grid.trials();
        String gridName = config.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path root = out != null ? out : Path.of("sweeps", LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-" + SweepGrid.safe(gridName));
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StopRequest stop = new StopRequest();
        // Ctrl-C: the trials stop at their next step and save a checkpoint; the hook halts the
        // JVM (exit 130) only once it is closed, after the results are written and printed
        try (InterruptHook hook = InterruptHook.install(stop)) {
            Outcome o = run(err, root, "Sweep " + gridName, trials, workers, target,
                    DataLoader.memoized(DataLoader.system()), stop);
            stdout.println();
            stdout.print(o.markdown());
            stdout.println();
            stdout.println("results: " + root.resolve(SweepResults.CSV) + ", " + root.resolve(SweepResults.MARKDOWN));
            stdout.println("report: " + o.report());
            stdout.flush();
            return o.exitCode(err);
        }
    }

    /** What a sweep left: the rows, the Markdown table, the report, whether it was interrupted. */
    record Outcome(List<SweepResults.Row> rows, String markdown, Path report, boolean stopped) {

        int exitCode(PrintWriter err) {
            if (!stopped) return 0;
            err.println("saturn: sweep interrupted; rerun the same command to resume it");
            err.flush();
            return InterruptHook.EXIT_INTERRUPTED;
        }
    }

    /**
     * Runs (or resumes) trials into {@code root}, writes the results and the report; shared with
     * {@code demo}. The caller installs the {@link InterruptHook} behind {@code stop} around this
     * and its own printing.
     */
    static Outcome run(PrintWriter err, Path root, String title, List<Trial> trials, int workers, double target,
                       DataLoader data, StopRequest stop) throws IOException {
        requireSweepFolder(root);
        err.println("sweep: " + trials.size() + " trials into " + root + ", " + workers + " at a time, "
                + SweepRunner.threadsPerTrial(workers) + " GEMM threads each");
        err.flush();
        Files.createDirectories(root);
        SweepResults.writeIndex(root, title, trials, target);
        List<SweepRunner.Ended> ended = new SweepRunner(root, workers, err, stop, data).run(trials);
        List<SweepResults.Row> rows = SweepResults.read(root);
        String table = SweepResults.write(root, rows, target);
        Path report = SweepReport.write(root, root.resolve(RunReport.FILE));
        return new Outcome(rows, table, report, ended.stream().anyMatch(e -> e.status().equals("stopped")));
    }

    /** The folder is new, empty, or a sweep folder already (to resume); anything else is refused. */
    private static void requireSweepFolder(Path root) throws IOException {
        if (!Files.exists(root) || SweepResults.isSweep(root)) return;
        if (!Files.isDirectory(root)) throw new BadInputException("--out " + root + " exists and is not a folder");
        try (Stream<Path> s = Files.list(root)) {
            if (s.findAny().isPresent()) {
                throw new BadInputException("--out " + root + " is not empty and holds no sweep (" + SweepResults.INDEX
                        + "); choose another folder");
            }
        }
    }
}
