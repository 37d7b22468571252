package saturn.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import saturn.cli.options.BadInputException;
import saturn.cli.options.OptionText;
import saturn.cli.options.TrainOptions;
import saturn.cli.run.ConfigFile;
import saturn.cli.run.Json;
import saturn.cli.run.RunData;
import saturn.cli.run.RunFiles;
import saturn.cli.run.RunReport;
import saturn.cli.run.TrainRun;
import saturn.engine.io.AtomicFiles;
import saturn.engine.io.FolderLock;
import saturn.engine.run.DataLoader;
import saturn.engine.train.StopRequest;
import saturn.engine.train.TrainListener;

/**
 * Runs a list of trials in one process, {@code workers} at a time, each into its own run
 * directory under the sweep folder, through the same code as {@code saturn train}.
 *
 * <p>A trial is finished when its directory holds {@value #MARKER}, written atomically after
 * the run with its status and reason; statuses {@code completed}, {@code diverged} and
 * {@code bad-option} are final, so a rerun of the sweep skips them. A trial directory
 * without a marker is resumed from its last checkpoint ({@code train --resume}), or started
 * again when it has none. A trial that fails does not stop the others. A trial directory
 * counts for a trial only when its options (its {@code config.yaml}, or for a refused trial
 * its marker) are the trial's: {@link #requireSameOptions} refuses a rerun with another grid.
 */
final class SweepRunner {

    static final String MARKER = "trial.json";
    static final List<String> FINAL = List.of("completed", "diverged", "bad-option");

    /** How one trial ended (what {@value #MARKER} says). */
    record Ended(Trial trial, Path dir, String status, String reason, boolean skipped) {
    }

    private final Path root;
    private final int workers;
    private final PrintWriter log;
    private final StopRequest stop;
    private SweepProgress progress;
    private final DataLoader data;

    /**
     * @param log         one line per trial started and ended
     * @param data        shared by the trials (load each data set once: {@link DataLoader#memoized})
     */
    SweepRunner(Path root, int workers, PrintWriter log, StopRequest stop, DataLoader data) {
        this.root = root;
        this.data = data;
        this.workers = workers;
        this.log = log;
        this.stop = stop;
    }

    Path root() {
        return root;
    }

    /** GEMM threads per trial: the cores shared among the workers. */
    static int threadsPerTrial(int workers) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
    }

    /** Runs the trials not finished yet; returns how every trial ended, in the given order. */
    List<Ended> run(List<Trial> trials) throws IOException {
        Files.createDirectories(root);
        int total = trials.size();
        AtomicInteger done = new AtomicInteger();
        List<Ended> ended = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "saturn-trial");
            t.setDaemon(true);
            return t;
        });
        try (SweepProgress bar = SweepProgress.open(trials.size(), log)) {
            progress = bar;
            List<Future<Ended>> futures = new ArrayList<>();
            for (Trial t : trials) {
                futures.add(pool.submit(() -> runAndSay(t, stop, total, done)));
            }
            for (Future<Ended> f : futures) {
                try {
                    ended.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    // a file system that refuses (full, read-only) is the user's to fix: one line, not a bug
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof BadInputException bad) throw bad;
                    throw new IllegalStateException("sweep worker failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return ended;
    }

    /**
     * Runs the trials this process claims, as one of several processes sharing the folder
     * ({@link ClaimLoop}); returns how the trials it ran ended, in the given order.
     */
    List<Ended> runClaimed(List<Trial> trials, TrialClaims claims) throws IOException {
        Files.createDirectories(root);
        try (SweepProgress bar = SweepProgress.open(trials.size(), log)) {
            progress = bar;
            return new ClaimLoop(this, claims, workers, stop).run(trials);
        }
    }

    /** {@link #runOne} with its progress and its line on the log ({@code [done/total] name status}). */
    Ended runAndSay(Trial t, StopRequest trialStop, int total, AtomicInteger done) throws IOException {
        Ended e = runOne(t, trialStop);
        progress.ended(t.name());
        int n = done.incrementAndGet();
        say(String.format(Locale.ROOT, "[%d/%d] %s %s%s", n, total, t.name(),
                e.skipped() ? "already " + e.status() : e.status(),
                e.reason() == null || e.reason().isEmpty() ? "" : ": " + e.reason()));
        return e;
    }

    synchronized void say(String line) {
        log.println(line);
        log.flush();
    }

    /**
     * Runs one trial, or finds it finished; {@code trialStop} stops it (at its next step, with a
     * checkpoint). A trial whose run directory another process writes ends {@code busy},
     * unrecorded, and is left to that process.
     */
    private Ended runOne(Trial trial, StopRequest trialStop) throws IOException {
        Path dir = root.resolve(trial.name());
        JsonNode marker = readMarker(dir);
        if (marker != null && FINAL.contains(marker.path("status").asText())) {
            return new Ended(trial, dir, marker.path("status").asText(), text(marker.get("reason")), true);
        }
        if (trialStop.requested()) return new Ended(trial, dir, "stopped", "not started", false);
        if (FolderLock.isHeld(dir)) return busy(trial, dir);
        // a run whose summary was written but whose marker was not (killed in between): finished
        if (RunData.isRun(dir) && Files.exists(dir.resolve(RunFiles.SUMMARY))) {
            JsonNode s;
            try {
                s = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve(RunFiles.SUMMARY)));
            } catch (com.fasterxml.jackson.core.JacksonException damaged) {
                s = Json.object();   // damaged: resumed, or found finished, below
            }
            String st = s.path("status").asText();
            if (st.equals("completed") || st.equals("diverged")) {
                if (!Files.exists(dir.resolve(RunReport.FILE))) RunReport.write(dir);
                return mark(new Ended(trial, dir, st, text(s.get("divergence")), false));
            }
        }
        boolean resuming = RunData.isRun(dir) && hasCheckpoint(dir);
        if (!resuming && Files.exists(dir)) deleteTree(dir);
        Map<String, String> given = new LinkedHashMap<>();
        if (resuming) {
            for (String k : TrainOptions.BUDGET) if (trial.options().containsKey(k)) given.put(k, trial.options().get(k));
        } else {
            given.put("threads", Integer.toString(threadsPerTrial(workers)));
            given.putAll(trial.options());
        }
        given.put("out", dir.toString());
        say("start " + trial.name() + (resuming ? " (resuming)" : ""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        TrainListener listener = progress.trial(trial.name());
        TrainRun.Session session = new TrainRun.Session(new PrintWriter(out, true), new PrintWriter(err, true), trialStop,
                listener, data);
        Ended e;
        try {
            int code = TrainRun.run(OptionText.parseAll(given), resuming, session);
            e = switch (code) {
                case 0 -> new Ended(trial, dir, "completed", "", false);
                case TrainRun.EXIT_DIVERGED -> new Ended(trial, dir, "diverged", lastLine(err), false);
                default -> new Ended(trial, dir, "stopped", "interrupted; rerun the sweep to resume", false);
            };
        } catch (BadInputException | IllegalArgumentException bad) {
            if (FolderLock.isHeld(dir)) return busy(trial, dir);   // another process took the directory since
            e = new Ended(trial, dir, "bad-option", bad.getMessage(), false);
        } catch (RuntimeException | IOException | OutOfMemoryError | StackOverflowError bug) {
            e = new Ended(trial, dir, "failed", bug.toString(), false);
        }
        return e.status().equals("stopped") ? e : mark(e);
    }

    private static Ended busy(Trial trial, Path dir) {
        return new Ended(trial, dir, "busy", "another process writes " + dir, false);
    }

    /**
     * Refuses trials whose directory in {@code root} was made with other options than the
     * trial's (the grid changed since): nothing would tell their results from the new ones.
     *
     * @throws BadInputException naming the first such trial and how its options differ
     */
    static void requireSameOptions(Path root, List<Trial> trials) {
        List<String> differing = new ArrayList<>();
        String first = null;
        for (Trial t : trials) {
            String d = optionsDiffer(t, root.resolve(t.name()));
            if (d == null) continue;
            differing.add(t.name());
            if (first == null) first = "trial " + t.name() + " in " + root + " was run with other options than asked: " + d;
        }
        if (first == null) return;
        throw new BadInputException(first + (differing.size() > 1 ? " (and " + (differing.size() - 1) + " other trials)" : "")
                + "; a sweep folder holds one grid: choose another --out, or rerun with the grid it was made with");
    }

    /** How the options of {@code dir}'s run differ from the trial's, or null when they agree (or nothing ran). */
    static String optionsDiffer(Trial trial, Path dir) {
        if (!Files.isDirectory(dir)) return null;
        if (RunData.isRun(dir)) {
            Map<String, Object> want;
            Map<String, Object> have;
            JsonNode derived;
            try {
                have = TrainOptions.resolveText(ConfigFile.readRunOptions(dir)).toMap();
                derived = ConfigFile.readRun(dir).path("derived");
            } catch (BadInputException | IllegalArgumentException e) {
                return "its " + ConfigFile.RUN_CONFIG + " cannot be read (" + e.getMessage() + ")";
            }
            try {
                want = TrainOptions.resolveText(trial.options()).toMap();
            } catch (BadInputException | IllegalArgumentException e) {
                return "it ran, but the options asked now are refused (" + e.getMessage() + ")";
            }
            long perEpoch = derived.path("batches_per_epoch").asLong(-1);
            List<String> diffs = new ArrayList<>();
            for (String k : TrainOptions.KEYS) {
                if (k.equals("threads") || k.equals("out")) continue;
                Object w = want.get(k);
                Object h = have.get(k);
                // "once per epoch" is stored resolved, as the number of batches per epoch
                boolean perEpochInterval = (k.equals("eval-every") || k.equals("checkpoint-every")) && w == null
                        && h instanceof Long n && n == perEpoch;
                if (!perEpochInterval && !java.util.Objects.equals(w, h)) {
                    diffs.add(k + " " + shown(w) + " (it has " + shown(h) + ")");
                }
            }
            return diffs.isEmpty() ? null : String.join(", ", diffs);
        }
        JsonNode marker = readMarker(dir);
        if (marker == null || !marker.path("options").isObject()) return null;   // nothing ran: it starts again
        Map<String, String> recorded = new LinkedHashMap<>();
        marker.path("options").fields().forEachRemaining(e -> recorded.put(e.getKey(), e.getValue().asText()));
        if (recorded.equals(trial.options())) return null;
        List<String> diffs = new ArrayList<>();
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(trial.options().keySet());
        keys.addAll(recorded.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(trial.options().get(k), recorded.get(k))) {
                diffs.add(k + " " + shown(trial.options().get(k)) + " (it had " + shown(recorded.get(k)) + ")");
            }
        }
        return String.join(", ", diffs);
    }

    private static String shown(Object value) {
        return value == null ? "none" : value.toString();
    }

    private static Ended mark(Ended e) throws IOException {
        Files.createDirectories(e.dir());
        ObjectNode m = Json.object();
        m.put("name", e.trial().name());
        ObjectNode axes = m.putObject("axes");
        e.trial().axes().forEach(axes::put);
        ObjectNode options = m.putObject("options");
        e.trial().options().forEach(options::put);
        m.put("status", e.status());
        m.put("reason", e.reason());
        byte[] bytes = Json.writePretty(m).concat("\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(e.dir().resolve(MARKER), o -> o.write(bytes));
        return e;
    }

    static JsonNode readMarker(Path dir) {
        Path f = dir.resolve(MARKER);
        if (!Files.exists(f)) return null;
        try {
            return Json.MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean hasCheckpoint(Path dir) {
        try {
            return new saturn.engine.checkpoint.Checkpoints(dir.resolve("checkpoints")).latest().isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String lastLine(StringWriter err) {
        List<String> lines = err.toString().lines().filter(l -> !l.isBlank() && !l.startsWith("report:")).toList();
        String l = lines.isEmpty() ? "" : lines.getLast();
        return l.startsWith("saturn: ") ? l.substring("saturn: ".length()) : l;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
