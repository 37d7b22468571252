package saturn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code saturn} command in-process, as a user would, capturing its output (for the tests of every command package). */
public record Cli(int exitCode, String out, String err) {

    public static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
