package saturn.cli.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import saturn.cli.options.BadInputException;
import saturn.cli.options.OptionText;
import saturn.cli.options.TrainOptions;
import saturn.engine.Backends;
import saturn.engine.data.DataException;
import saturn.engine.data.Split;
import saturn.engine.io.AtomicFiles;
import saturn.engine.io.FolderLock;
import saturn.engine.run.DataLoader;
import saturn.engine.run.ScheduleSpec;
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

    /** {@link #run(Map, boolean, boolean, Session)} without stretching the schedule. */
    public static int run(Map<String, Object> given, boolean resuming, Session session) throws IOException {
        return run(given, resuming, false, session);
    }

    /**
     * One training run, as {@code saturn train} does it, from option values (keys of
     * {@link TrainOptions#KEYS}, parsed): resolves them (bad input throws before anything is
     * written), trains through the engine's {@link TrainingRun}, writes the run directory with
     * its {@code config.yaml}, {@code summary.json} and {@code report.html}. The run holds the
     * directory's lock ({@link RunFolder#lock}) from before its first write to its end.
     *
     * @param stretchSchedule with {@code resuming}: lay a budget-dependent schedule over the new
     *                        budget (its learning rate jumps at the resumed step); without it
     *                        such a change of budget is refused
     * @return the exit code: 0 done, 3 diverged, 130 stopped
     */
    public static int run(Map<String, Object> given, boolean resuming, boolean stretchSchedule, Session session)
            throws IOException {
        if (stretchSchedule && !resuming) {
            throw new BadInputException("--stretch-schedule changes the schedule of a run being resumed: use it with --resume");
        }
        if (resuming) {
            Path runDir = resumedDir(given);
            try (FolderLock lock = RunFolder.lock(runDir)) {
                RunFolder.removeLeftovers(runDir);
                TrainOptions opts = resumedOptions(given, runDir);
                return resume(opts, open(opts, runDir, session), runDir, stretchSchedule, session);
            } catch (IOException | UncheckedIOException e) {
                throw ioFailure(e, runDir);
            }
        }
        TrainOptions opts = TrainOptions.resolve(given);
        Path runDir = opts.out() != null ? Path.of(opts.out()) : defaultRunDir(opts);
        RunFolder.requireEmpty(runDir);
        opts = opts.withOut(runDir.toString());
        TrainingRun run = open(opts, runDir, session);
        try (FolderLock lock = RunFolder.lock(runDir)) {
            RunFolder.requireEmpty(runDir);   // another run may have started in it since
            RunFolder.removeLeftovers(runDir);
            sayData(run, session);
            return train(opts, run, runDir, 0, List.of(), session);
        } catch (IOException | UncheckedIOException e) {
            throw ioFailure(e, runDir);
        }
    }

    /** Loads the data and prepares the run; nothing is written. */
    private static TrainingRun open(TrainOptions opts, Path runDir, Session session) {
        TrainingRun run;
        try {
            Split raw = session.data().load(opts.spec().data(), opts.spec().dataDir());
            run = TrainingRun.open(opts.plan(), raw, runDir);
        } catch (DataException e) {
            throw new BadInputException(e.getMessage());
        }
        return run;
    }

    private static void sayData(TrainingRun run, Session session) {
        session.err().println("data: " + run.rawData().source());
        saturn.engine.remedy.Prescription remedy = run.plan().prescription();
        if (remedy != null) {
            session.err().println("remedy auto: --init " + remedy.init().id() + " --transform " + remedy.transform().id()
                    + " --lr " + run.plan().spec().lr() + ": " + remedy.reason() + "; " + run.plan().learningRateRule());
        }
        session.err().flush();
    }

    private static int resume(TrainOptions opts, TrainingRun run, Path runDir, boolean stretchSchedule, Session session)
            throws IOException {
        PrintWriter err = session.err();
        OptionalLong latest = run.trainer().checkpoints().latest();
        if (latest.isEmpty()) {
            // stopped (killed, or a full disk) between its config.yaml and its first checkpoint
            sayData(run, session);
            err.println("resuming " + runDir + ": it has no checkpoint yet; starting from step 0");
            err.flush();
            return train(opts, run, runDir, 0, storedStretches(runDir), session);
        }
        if (latest.getAsLong() == run.totalSteps() && Files.exists(runDir.resolve(RunFiles.SUMMARY))) {
            throw new BadInputException("the run in " + runDir + " already finished its " + run.totalSteps()
                    + " steps; pass a larger --max-steps or --epochs to extend it");
        }
        List<String> stretched = new ArrayList<>(storedStretches(runDir));
        ScheduleSpec schedule = opts.spec().schedule();
        long laidOver = ConfigFile.readRun(runDir).path("derived").path("total_steps").asLong(run.totalSteps());
        boolean stretching = schedule.dependsOnBudget() && laidOver != run.totalSteps();
        if (stretching && !stretchSchedule) {
            throw new BadInputException("--resume: the " + schedule.id() + " schedule of " + runDir + " is laid over "
                    + laidOver + " steps; over " + run.totalSteps() + " it is another schedule, and the learning rate "
                    + "would jump at step " + latest.getAsLong() + " (pass --stretch-schedule to accept that, or keep "
                    + "the budget of " + laidOver + " steps)");
        }
        TrainOptions withPlan = opts.withPlan(run.plan());
        run.trainer().recordOptions(recordedOptions(withPlan, run), stretching ? Set.of(SCHEDULE_STEPS) : Set.of());
        long startStep = run.resume(notice -> {
            err.println("saturn: " + notice);
            err.flush();
        }).step();
        if (stretching) {
            stretched.add("at step " + startStep + ": " + schedule.id() + " from " + laidOver + " to " + run.totalSteps()
                    + " steps");
        }
        sayData(run, session);
        err.println("resuming " + runDir + " at step " + startStep + " of " + run.totalSteps()
                + (stretching ? " (the " + schedule.id() + " schedule stretched from " + laidOver + " steps)" : ""));
        err.flush();
        return train(opts, run, runDir, startStep, stretched, session);
    }

    private static int train(TrainOptions given, TrainingRun run, Path runDir, long startStep, List<String> stretched,
                             Session session) throws IOException {
        PrintWriter err = session.err();
        PrintWriter stdout = session.out();
        TrainOptions opts = given.withPlan(run.plan());
        if (startStep == 0) run.trainer().recordOptions(recordedOptions(opts, run), Set.of());
        run.trainer().describeWeights(saturn.cli.checkpoint.WeightsMetadata.of(opts, run));

        Files.createDirectories(runDir);
        ConfigFile.writeRun(runDir, RunFiles.config(opts, run, stretched));
        Files.deleteIfExists(runDir.resolve(RunFiles.SUMMARY));
        Files.deleteIfExists(runDir.resolve(RunReport.FILE));

        TrainResult result;
        try {
            if (session.listener() != null) {
                result = run.train(session.stop(), session.listener());
            } else {
                try (ProgressDisplay progress = ProgressDisplay.open(startStep, run.totalSteps(), err)) {
                    result = run.train(session.stop(), progress);
                }
            }
        } catch (OutOfMemoryError e) {
            // past the estimate's lower bound (buffers, diagnostics, evaluation, checkpoint writes):
            // one line, and the checkpoints written so far stay for --resume with a larger heap
            throw new BadInputException(String.format(java.util.Locale.ROOT, "out of memory while training: the JVM may use "
                    + "%.1f GB (-Xmx); give it more with SATURN_JAVA_OPTS=-Xmx<size> (then --resume from the last checkpoint), "
                    + "or choose a smaller --width, --depth or --batch", Runtime.getRuntime().maxMemory() / 1e9));
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

    /** The option whose value is the number of steps a budget-dependent schedule is laid over. */
    private static final String SCHEDULE_STEPS = "schedule-steps";

    /**
     * What each checkpoint records of the options (the trainer refuses to resume with others):
     * every option but the budget, the cores and the folders, and the steps a budget-dependent
     * schedule is laid over.
     */
    private static Map<String, String> recordedOptions(TrainOptions opts, TrainingRun run) {
        Map<String, String> m = new LinkedHashMap<>(opts.toGiven());
        for (String k : TrainOptions.BUDGET) m.remove(k);
        m.remove("threads");
        m.remove("out");
        m.remove("data-dir");
        if (opts.spec().schedule().dependsOnBudget()) m.put(SCHEDULE_STEPS, Long.toString(run.totalSteps()));
        return m;
    }

    private static List<String> storedStretches(Path runDir) {
        List<String> out = new ArrayList<>();
        ConfigFile.readRun(runDir).path("derived").path(RunFiles.STRETCHED).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A failed write or read of the run directory as one line, with how to go on when the run can be resumed. */
    private static BadInputException ioFailure(Exception e, Path runDir) {
        IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
        String next = Files.isRegularFile(runDir.resolve(ConfigFile.RUN_CONFIG))
                ? "; once that is fixed, continue with: saturn train --out " + runDir + " --resume" : "";
        return new BadInputException(IoError.line(io) + next);
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
                if (Double.isNaN(r.finalEvaluation().accuracy())) {   // regression: the loss is the test MSE
                    stdout.println(String.format(Locale.ROOT, "step %d: test MSE %.4g, vanishing factor %.3g; run in %s",
                            r.position().step(), r.finalEvaluation().loss(), r.position().vanishingFactor(), runDir));
                } else {
                    stdout.println(String.format(Locale.ROOT,
                            "step %d: test accuracy %.4f (best %.4f), test loss %.4f, vanishing factor %.3g; run in %s",
                            r.position().step(), r.finalEvaluation().accuracy(), r.bestTestAccuracy(),
                            r.finalEvaluation().loss(), r.position().vanishingFactor(), runDir));
                }
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
}
