package saturn.cli.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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
 * unfinished ones. With {@code --shard I/N} or {@code --claim} it is one of several processes
 * filling one folder; {@code --collect} writes the results of what is finished and runs
 * nothing (docs/sweeps.md). Exit codes: 0 every trial has a result (whatever it is), 2 bad
 * grid or options (nothing written), 130 interrupted.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a grid of configurations and compare them.",
                "GRID.yaml maps train option names (without dashes) to a value, or to a list of values (an axis); "
                        + "the trials are every combination of the axes."})
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "GRID.yaml", description = "The grid (required, except with --collect).")
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
    @Option(names = "--shard", paramLabel = "I/N", converter = Shard.Converter.class,
            description = "Run only part I of N of the grid (counted from 1): the trials at positions p (from 0, in grid order) "
                    + "with p mod N = I - 1. N processes given 1/N to N/N on one shared --out run every trial once.")
    Shard shard;
    @Option(names = "--claim",
            description = "Share the trials of --out with any number of other processes (on other machines through a shared "
                    + "file system): each trial is claimed before it runs; a claim whose heartbeat stands still for "
                    + "--claim-timeout is taken over. Exclusive with --shard.")
    boolean claim;
    @Option(names = "--claim-timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationText.class,
            description = "With --claim: how long a claim's heartbeat may stand still before another process takes the trial "
                    + "over, resuming it from its last checkpoint (${DEFAULT-VALUE}; 500ms, 30s, 10m, 2h).")
    Duration claimTimeout;
    @Option(names = "--collect",
            description = "Run nothing: write results.csv, results.md and report.html of --out from the trials finished so far "
                    + "(safe while other processes run), and say how many are finished, running and pending.")
    boolean collect;

    @Override
    public Integer call() throws IOException {
        if (workers < 1 || workers > 256) throw new BadInputException("--workers must be between 1 and 256, got " + workers);
        if (!(target > 0 && target <= 1)) throw new BadInputException("--target must be in (0, 1], got " + target);
        if (collect) return collect();
        if (config == null) {
            throw new BadInputException("--config GRID.yaml is required (or --collect --out DIR to gather a sweep folder's results)");
        }
        if (shard != null && claim) {
            throw new BadInputException("--shard and --claim exclude each other: a shard is one process's fixed part of the grid, "
                    + "claims share the whole grid between any number of processes");
        }
        if (!claim && spec.commandLine().getParseResult().hasMatchedOption("--claim-timeout")) {
            throw new BadInputException("--claim-timeout applies to --claim");
        }
        if ((shard != null || claim) && out == null) {
            throw new BadInputException((claim ? "--claim" : "--shard") + " needs --out DIR, the sweep folder the processes share");
        }
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
            DataLoader data = DataLoader.memoized(DataLoader.system(download, line -> {
                err.println(line);
                err.flush();
            }));
            String title = "Sweep " + gridName;
            Sweep.Outcome o = shard == null && !claim ? Sweep.run(err, root, title, trials, workers, target, data, stop)
                    : Sweep.runShared(err, root, title, trials, workers, target, data, stop, shard,
                    claim ? TrialClaims.of(root, claimTimeout) : null);
            stdout.println();
            stdout.print(o.markdown());
            stdout.println();
            stdout.println("results: " + root.resolve(SweepResults.CSV) + ", " + root.resolve(SweepResults.MARKDOWN));
            stdout.println("report: " + o.report());
            if (shard != null || claim) stdout.println("sweep: " + SweepCensus.of(o.rows()).line());
            stdout.flush();
            return o.exitCode(err);
        }
    }

    private int collect() throws IOException {
        if (shard != null || claim) throw new BadInputException("--collect runs nothing: use it without --shard and --claim");
        if (config != null) throw new BadInputException("--collect reads the grid from the folder's " + SweepResults.INDEX
                + ": drop --config");
        if (out == null) throw new BadInputException("--collect needs --out DIR, the sweep folder");
        Sweep.Collected c = Sweep.collect(out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(c.markdown());
        stdout.println();
        stdout.println("results: " + out.resolve(SweepResults.CSV) + ", " + out.resolve(SweepResults.MARKDOWN));
        stdout.println("report: " + c.report());
        stdout.println("sweep: " + c.census().line());
        stdout.flush();
        return 0;
    }
}
