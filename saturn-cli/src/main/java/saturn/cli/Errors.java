package saturn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import saturn.cli.options.BadInputException;
import saturn.cli.run.IoError;
import picocli.CommandLine;

/**
 * Maps failures to Saturn's exit codes: 2 with one line on stderr for bad usage, bad input
 * or a file system that refuses (full, read-only, missing), 1 with a stack trace for bugs.
 */
final class Errors {

    static final int BAD_INPUT = 2;
    static final int BUG = 1;

    private Errors() {
    }

    static int onBadUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("saturn: " + ex.getMessage() + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        cl.getErr().flush();
        return BAD_INPUT;
    }

    static int onExecutionFailure(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (ex instanceof BadInputException || ex instanceof IllegalArgumentException) {
            cl.getErr().println("saturn: " + ex.getMessage());
            cl.getErr().flush();
            return BAD_INPUT;
        }
        IOException io = ex instanceof IOException e ? e : ex instanceof UncheckedIOException u ? u.getCause() : null;
        if (io != null) {
            cl.getErr().println("saturn: " + IoError.line(io));
            cl.getErr().flush();
            return BAD_INPUT;
        }
        cl.getErr().println("saturn: internal error (a bug; please report it with the command you ran):");
        ex.printStackTrace(cl.getErr());
        cl.getErr().flush();
        return BUG;
    }
}
