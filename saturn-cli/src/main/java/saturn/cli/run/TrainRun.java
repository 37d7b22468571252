package saturn.cli.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;
import saturn.cli.options.BadInputException;
import saturn.cli.options.OptionText;
import saturn.cli.options.TrainOptions;
import saturn.engine.Backends;
import saturn.engine.data.DataException;
import saturn.engine.data.Split;
import saturn.engine.io.AtomicFiles;
import saturn.engine.run.DataLoader;
import saturn.engine.run.TrainingRun;
import saturn.engine.train.StopRequest;
import saturn.engine.train.TrainListener;
import saturn.engine.train.TrainResult;

/**
 * One {@code saturn train} run into a run directory: the engine's {@link TrainingRun} plus the
 * directory's {@code config.yaml}, {@code summary.json} and {@code report.html}, and the
 * lines it prints. {@code train} runs one; {@code sweep} and {@code demo} run many.
 */
public final class TrainRun {

    public static final int EXIT_DIVERGED = 3;

    private TrainRun() {
    }

    /**
     * Where a run's output goes and what it shares with the runs beside it (a sweep runs
     * several in one process).
     *
     * @param listener hears of each step; null draws the progress bar on the terminal
     * @param data     resolves {@code --data} (a sweep shares one loaded data set between its trials)
     */
    public record Session(PrintWriter out, PrintWriter err, StopRequest stop, TrainListener listener, DataLoader data) {
    }

    /**
     * One training run, as {@code saturn train} does it, from option values (keys of
     * {@link TrainOptions#KEYS}, parsed): resolves them (bad input throws before anything is
     * written), trains through the engine's {@link TrainingRun}, writes the run directory with
     * its {@code config.yaml}, {@code summary.json} and {@code report.html}.
     *
     * @return the exit code: 0 done, 3 diverged, 130 stopped
     */
    public static int run(Map<String, Object> given, boolean resuming, Session session) throws IOException {
        PrintWriter err = session.err();
        PrintWriter stdout = session.out();
        TrainOptions opts;
        Path runDir;
        if (resuming) {
            runDir = resumedDir(given);
            opts = resumedOptions(given, runDir);
        } else {
            opts = TrainOptions.resolve(given);
            runDir = opts.out() != null ? Path.of(opts.out()) : defaultRunDir(opts);
            requireEmpty(runDir);
            opts = opts.withOut(runDir.toString());
        }

        TrainingRun run;
        try {
            Split raw = session.data().load(opts.spec().data(), opts.spec().dataDir());
            run = TrainingRun.open(opts.plan(), raw, runDir);
        } catch (DataException e) {
            throw new BadInputException(e.getMessage());
        }
        err.println("data: " + run.rawData().source());
        err.flush();
        opts = opts.withPlan(run.plan());
        long startStep = 0;
        if (resuming) {
            OptionalLong latest = run.trainer().checkpoints().latest();
            if (latest.isPresent() && latest.getAsLong() == run.totalSteps()
                    && Files.exists(runDir.resolve(RunFiles.SUMMARY))) {
                throw new BadInputException("the run in " + runDir + " already finished its " + run.totalSteps()
                        + " steps; pass a larger --max-steps or --epochs to extend it");
            }
            startStep = run.resume().step();
            err.println("resuming " + runDir + " at step " + startStep + " of " + run.totalSteps());
        }

        Files.createDirectories(runDir);
        ConfigFile.writeRun(runDir, RunFiles.config(opts, run));
        Files.deleteIfExists(runDir.resolve(RunFiles.SUMMARY));
        Files.deleteIfExists(runDir.resolve(RunReport.FILE));

        TrainResult result;
        if (session.listener() != null) {
            result = run.train(session.stop(), session.listener());
        } else {
            try (ProgressDisplay progress = ProgressDisplay.open(startStep, run.totalSteps(), err)) {
                result = run.train(session.stop(), progress);
            }
        }
        ObjectNode summary = RunFiles.summary(result, run.rawData().source(), Backends.describe());
        byte[] bytes = Json.writePretty(summary).concat("\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.write(runDir.resolve(RunFiles.SUMMARY), o -> o.write(bytes));
        int code = report(result, runDir, stdout, err);
        if (result.status() != TrainResult.Status.STOPPED) {
            Path html = RunReport.write(runDir);
            (code == 0 ? stdout : err).println("report: " + html);
            (code == 0 ? stdout : err).flush();
        }
        return code;
    }

    private static int report(TrainResult r, Path runDir, PrintWriter stdout, PrintWriter err) {
        switch (r.status()) {
            case DIVERGED -> {
                err.println("saturn: " + r.divergence().message() + " (" + runDir.resolve("checkpoints") + ")");
                err.flush();
                return EXIT_DIVERGED;
            }
            case STOPPED -> {
                err.println("saturn: interrupted at step " + r.position().step() + " of " + r.totalSteps()
                        + "; checkpoint saved; continue with: saturn train --out " + runDir + " --resume");
                err.flush();
                return InterruptHook.EXIT_INTERRUPTED;
            }
            default -> {
                stdout.println(String.format(Locale.ROOT,
                        "step %d: test accuracy %.4f (best %.4f), test loss %.4f, vanishing factor %.3g; run in %s",
                        r.position().step(), r.finalEvaluation().accuracy(), r.bestTestAccuracy(),
                        r.finalEvaluation().loss(), r.position().vanishingFactor(), runDir));
                stdout.flush();
                return 0;
            }
        }
    }

    private static Path resumedDir(Map<String, Object> given) {
        Object dir = given.get("out");
        if (dir == null) throw new BadInputException("--resume needs --out DIR, the run directory to continue");
        Path runDir = Path.of((String) dir);
        if (!Files.isRegularFile(runDir.resolve(ConfigFile.RUN_CONFIG))) {
            throw new BadInputException("--resume: " + runDir + " is not a saturn run (no " + ConfigFile.RUN_CONFIG + ")");
        }
        return runDir;
    }

    /** The stored configuration, with the budget the user gave; any other differing option is a conflict. */
    private static TrainOptions resumedOptions(Map<String, Object> given, Path runDir) {
        Map<String, Object> stored = OptionText.parseAll(ConfigFile.readRunOptions(runDir));
        Map<String, Object> storedValues = TrainOptions.resolve(stored).toMap();
        for (var e : given.entrySet()) {
            String key = e.getKey();
            if (TrainOptions.BUDGET.contains(key) || key.equals("out")) continue;
            Map<String, Object> probe = new HashMap<>(stored);
            probe.put(key, e.getValue());
            Object wanted = TrainOptions.resolve(probe).toMap().get(key);
            if (!Objects.equals(wanted, storedValues.get(key))) {
                throw new BadInputException("--resume: --" + key + " " + OptionText.show(e.getValue()) + " conflicts with the run's "
                        + key + " " + storedValues.get(key) + " (a resumed run keeps its configuration; only "
                        + "--epochs or --max-steps may change)");
            }
        }
        Map<String, Object> merged = new HashMap<>(stored);
        if (given.containsKey("epochs") || given.containsKey("max-steps")) {
            merged.remove("epochs");
            merged.remove("max-steps");
            for (String k : TrainOptions.BUDGET) if (given.containsKey(k)) merged.put(k, given.get(k));
        }
        merged.put("out", runDir.toString());
        return TrainOptions.resolve(merged);
    }

    private static Path defaultRunDir(TrainOptions o) {
        String act = o.spec().activation().name().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
        if (act.length() > 24) act = act.substring(0, 24);
        if (act.isEmpty()) act = "formula";
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        return Path.of("runs", time + "-" + act + "-d" + o.spec().depth());
    }

    private static void requireEmpty(Path runDir) throws IOException {
        if (!Files.exists(runDir)) return;
        if (!Files.isDirectory(runDir)) throw new BadInputException("--out " + runDir + " exists and is not a folder");
        try (Stream<Path> s = Files.list(runDir)) {
            if (s.findAny().isPresent()) {
                throw new BadInputException("--out " + runDir + " is not empty; pass --resume to continue the run in it, "
                        + "or choose another folder");
            }
        }
    }
}
