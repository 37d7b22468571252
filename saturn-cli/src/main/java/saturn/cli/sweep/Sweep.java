package saturn.cli.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import saturn.cli.options.BadInputException;
import saturn.cli.run.InterruptHook;
import saturn.cli.run.RunFolder;
import saturn.cli.run.RunReport;
import saturn.engine.io.AtomicFiles;
import saturn.engine.io.FolderLock;
import saturn.engine.run.DataLoader;
import saturn.engine.train.StopRequest;

/**
 * A sweep as a library function: trains (or resumes) a list of trials into one folder and
 * writes its results and report. {@code saturn sweep} runs the trials of a grid file through
 * it, {@code saturn demo} its own list of trials.
 */
public final class Sweep {

    private Sweep() {
    }

    /** What a sweep left: the rows, the Markdown table, the report, whether it was interrupted. */
    public record Outcome(List<SweepResults.Row> rows, String markdown, Path report, boolean stopped) {

        /** 0, or 130 with a line on {@code err} when the sweep was interrupted. */
        public int exitCode(PrintWriter err) {
            if (!stopped) return 0;
            err.println("saturn: sweep interrupted; rerun the same command to resume it");
            err.flush();
            return InterruptHook.EXIT_INTERRUPTED;
        }
    }

    /**
     * Runs (or resumes) trials into {@code root}, writes the results and the report, holding the
     * folder's lock throughout. A trial already in the folder counts only when it was run with
     * the options asked for now; otherwise nothing is run and the sweep is refused. The caller
     * installs the {@link InterruptHook} behind {@code stop} around this and its own printing.
     *
     * @param err    one line per trial started and ended
     * @param target the test accuracy whose first reaching step the results report
     * @param data   shared by the trials (load each data set once: {@link DataLoader#memoized})
     */
    public static Outcome run(PrintWriter err, Path root, String title, List<Trial> trials, int workers, double target,
                       DataLoader data, StopRequest stop) throws IOException {
        requireSweepFolder(root);
        try (FolderLock lock = RunFolder.lock(root)) {
            AtomicFiles.removeLeftovers(root);
            SweepRunner.requireSameOptions(root, trials);
            Path claims = root.resolve(TrialClaims.FOLDER);   // left by processes that died: none runs now
            if (Files.isDirectory(claims)) SweepRunner.deleteTree(claims);
            return runLocked(err, root, title, trials, workers, target, data, stop);
        }
    }

    private static Outcome runLocked(PrintWriter err, Path root, String title, List<Trial> trials, int workers,
                                     double target, DataLoader data, StopRequest stop) throws IOException {
        err.println("sweep: " + trials.size() + " trials into " + root + ", " + workers + " at a time, "
                + SweepRunner.threadsPerTrial(workers) + (SweepRunner.threadsPerTrial(workers) == 1 ? " thread" : " threads")
                + " each (the same bits as one at a time)");
        err.flush();
        Files.createDirectories(root);
        SweepResults.writeIndex(root, title, trials, target);
        List<SweepRunner.Ended> ended = new SweepRunner(root, workers, err, stop, data).run(trials);
        List<SweepResults.Row> rows = SweepResults.read(root);
        String table = SweepResults.write(root, rows, target);
        Path report = SweepReport.write(root, root.resolve(RunReport.FILE));
        return new Outcome(rows, table, report, ended.stream().anyMatch(e -> e.status().equals("stopped")));
    }

    /**
     * Runs (or resumes) trials into {@code root} as one of several processes sharing the folder,
     * holding its lock shared ({@link FolderLock#acquireShared}): the trials of {@code shard}, or,
     * with {@code claims}, those this process claims ({@link ClaimLoop}). Then writes the
     * results and the report of what is finished in the folder ({@link #collect}).
     *
     * @param shard  the part of the trials to run, when {@code claims} is null
     * @param claims the claims of the folder's trials, or null
     */
    static Outcome runShared(PrintWriter err, Path root, String title, List<Trial> trials, int workers, double target,
                             DataLoader data, StopRequest stop, Shard shard, TrialClaims claims) throws IOException {
        requireSweepFolder(root);
        try (FolderLock lock = sharedLock(root)) {
            SweepRunner.requireSameOptions(root, trials);
            Files.createDirectories(root);
            SweepResults.writeIndex(root, title, trials, target);
            SweepRunner runner = new SweepRunner(root, workers, err, stop, data);
            List<SweepRunner.Ended> ended;
            String each = SweepRunner.threadsPerTrial(workers) + (SweepRunner.threadsPerTrial(workers) == 1 ? " thread" : " threads");
            if (claims != null) {
                err.println("sweep: claiming trials of " + trials.size() + " in " + root + " beside other processes, "
                        + workers + " at a time, " + each + " each; a claim is taken over after "
                        + DurationText.show(claims.timeout()) + " without a heartbeat");
                err.flush();
                ended = runner.runClaimed(trials, claims);
            } else {
                List<Trial> mine = shard.of(trials);
                err.println("sweep: shard " + shard + ", " + mine.size() + " of " + trials.size() + " trials into " + root
                        + ", " + workers + " at a time, " + each + " each");
                err.flush();
                ended = runner.run(mine);
            }
            Collected c = collect(root);
            return new Outcome(c.rows(), c.markdown(), c.report(), ended.stream().anyMatch(e -> e.status().equals("stopped")));
        }
    }

    /** What {@link #collect} found and wrote. */
    public record Collected(List<SweepResults.Row> rows, SweepCensus census, String markdown, Path report) {
    }

    /**
     * Writes {@code results.csv}, {@code results.md} and {@code report.html} of a sweep folder
     * from the trials finished so far, running nothing; each file is replaced atomically, so
     * this may run while other processes train trials into the folder.
     *
     * @throws BadInputException when {@code root} is not a sweep folder (nothing is written)
     */
    public static Collected collect(Path root) throws IOException {
        if (!SweepResults.isSweep(root)) {
            throw new BadInputException(root + " is not a sweep folder (no " + SweepResults.INDEX + ")");
        }
        List<SweepResults.Row> rows = SweepResults.read(root, true);
        String table = SweepResults.write(root, rows, SweepResults.target(root));
        Path report = SweepReport.write(root, root.resolve(RunReport.FILE), true);
        return new Collected(rows, SweepCensus.of(rows), table, report);
    }

    private static FolderLock sharedLock(Path root) throws IOException {
        try {
            return FolderLock.acquireShared(root);
        } catch (FolderLock.HeldException e) {
            throw new BadInputException(root + " is in use by a saturn sweep that runs alone (without --shard or --claim)"
                    + "; wait until it ends, or choose another folder");
        }
    }

    /** The folder is new, empty ({@link RunFolder#isEmpty}), or a sweep folder already (to resume); anything else is refused. */
    private static void requireSweepFolder(Path root) throws IOException {
        if (!Files.exists(root) || SweepResults.isSweep(root)) return;
        if (!Files.isDirectory(root)) throw new BadInputException("--out " + root + " exists and is not a folder");
        // sweep.json may have appeared since the first look (another process of a shared sweep
        // writing it): a folder that holds it now is a sweep folder, not a foreign one
        if (!RunFolder.isEmpty(root) && !SweepResults.isSweep(root)) {
            throw new BadInputException("--out " + root + " is not empty and holds no sweep (" + SweepResults.INDEX
                    + "); choose another folder");
        }
    }
}
