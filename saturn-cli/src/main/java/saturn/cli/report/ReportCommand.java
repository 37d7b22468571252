package saturn.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import saturn.cli.options.BadInputException;
import saturn.cli.run.RunData;
import saturn.cli.run.RunFolder;
import saturn.cli.run.RunReport;
import saturn.cli.sweep.SweepReport;
import saturn.cli.sweep.SweepResults;
import saturn.engine.io.FolderLock;

/**
 * {@code saturn report DIR}: the self-contained HTML report of a run or a sweep folder. Inside
 * a run or sweep folder it writes only {@code .html} files, holding that folder's lock (a
 * folder being trained into is reported on with {@code --out} elsewhere).
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the HTML report (one self-contained file, plots inline) of a run directory or a sweep folder.")
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_OR_SWEEP_DIR", description = "A run directory (saturn train) or a sweep folder (saturn sweep, saturn demo).")
    Path dir;
    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (DIR/report.html).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path file = out != null ? out : dir.resolve(RunReport.FILE);
        if (Files.isDirectory(file)) throw new BadInputException("--out " + file + " is a folder; give a file name");
        if (file.toAbsolutePath().getParent() != null && !Files.isDirectory(file.toAbsolutePath().getParent())) {
            throw new BadInputException("--out " + file + ": no folder " + file.toAbsolutePath().getParent());
        }
        boolean sweep = SweepResults.isSweep(dir);
        if (!sweep && !RunData.isRun(dir)) {
            throw new BadInputException(dir + " is neither a run directory (config.yaml) nor a sweep folder ("
                    + SweepResults.INDEX + ")");
        }
        Path owner = saturnFolder(file);
        if (owner != null && !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".html")) {
            throw new BadInputException("--out " + file + " lies in the saturn folder " + owner + ", whose files a report "
                    + "never replaces: give a name ending in .html, or a file outside it");
        }
        Path written;
        try (FolderLock lock = owner == null ? null : RunFolder.lock(owner)) {
            written = sweep ? SweepReport.write(dir, file) : RunReport.write(RunData.read(dir), file);
        }
        spec.commandLine().getOut().println("report: " + written);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The run directory or sweep folder that {@code file} would be written in (at any depth), or null. */
    private static Path saturnFolder(Path file) throws IOException {
        Path p = Files.exists(file, LinkOption.NOFOLLOW_LINKS) && Files.exists(file) ? file.toRealPath()
                : file.toAbsolutePath().normalize();
        for (Path d = p.getParent(); d != null; d = d.getParent()) {
            if (RunData.isRun(d) || SweepResults.isSweep(d)) return d;
        }
        return null;
    }
}
