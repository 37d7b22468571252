package saturn.cli.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import saturn.cli.options.BadInputException;
import saturn.cli.run.InterruptHook;
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
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "GRID.yaml", required = true, description = "The grid.")
    Path config;
    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Trials trained at the same time (${DEFAULT-VALUE}); each computes on cores/N threads (the results are the same bits for any N).")
    int workers;
    @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder (sweeps/<time>-<grid name>); rerun on it to resume.")
    Path out;
    @Option(names = "--download", description = "Download Fashion-MNIST (HTTPS, SHA-256 verified) when it is not on this machine.")
    boolean download;
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
            Sweep.Outcome o = Sweep.run(err, root, "Sweep " + gridName, trials, workers, target,
                    DataLoader.memoized(DataLoader.system(download, line -> {
                        err.println(line);
                        err.flush();
                    })), stop);
            stdout.println();
            stdout.print(o.markdown());
            stdout.println();
            stdout.println("results: " + root.resolve(SweepResults.CSV) + ", " + root.resolve(SweepResults.MARKDOWN));
            stdout.println("report: " + o.report());
            stdout.flush();
            return o.exitCode(err);
        }
    }
}
