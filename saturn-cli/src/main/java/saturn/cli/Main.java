package saturn.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import saturn.cli.analyze.AnalyzeCommand;
import saturn.cli.bench.BenchCommand;
import saturn.cli.data.DataCommand;
import saturn.cli.demo.DemoCommand;
import saturn.cli.eval.EvalCommand;
import saturn.cli.export.ExportCommand;
import saturn.cli.predict.PredictCommand;
import saturn.cli.report.ReportCommand;
import saturn.cli.sweep.SweepCommand;
import saturn.cli.train.TrainCommand;

/** The {@code saturn} command: one subcommand per job. */
@Command(name = "saturn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Train deep networks with the saturating non-linearity you chose: "
                + "analyze its signal propagation, prescribe a remedy, train, compare.",
        subcommands = {AnalyzeCommand.class, BenchCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
                ExportCommand.class, SweepCommand.class, ReportCommand.class, DemoCommand.class, DataCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with Saturn's error handling (exit code 2 and one line for bad input). */
    public static CommandLine commandLine() {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Errors::onBadUsage);
        cl.setExecutionExceptionHandler(Errors::onExecutionFailure);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
