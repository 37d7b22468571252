package saturn.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import saturn.cli.options.BadInputException;
import saturn.cli.run.RunData;
import saturn.cli.run.RunReport;
import saturn.cli.sweep.SweepReport;
import saturn.cli.sweep.SweepResults;

/** {@code saturn report DIR}: the self-contained HTML report of a run or a sweep folder. */
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
        if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
            throw new BadInputException("--out " + file + ": no folder " + file.getParent());
        }
        Path written;
        if (SweepResults.isSweep(dir)) {
            written = SweepReport.write(dir, file);
        } else if (RunData.isRun(dir)) {
            written = RunReport.write(RunData.read(dir), file);
        } else {
            throw new BadInputException(dir + " is neither a run directory (config.yaml) nor a sweep folder ("
                    + SweepResults.INDEX + ")");
        }
        spec.commandLine().getOut().println("report: " + written);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
