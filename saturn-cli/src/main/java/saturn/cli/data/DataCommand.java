package saturn.cli.data;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import saturn.cli.options.BadInputException;
import saturn.engine.data.DataException;
import saturn.engine.data.DataSources;
import saturn.engine.data.DatasetResolver;

/**
 * {@code saturn data fetch NAME}: the one command that downloads a data set without being
 * part of a run: into the cache {@code ~/.saturn/datasets/NAME/}, over HTTPS, each file
 * verified by SHA-256 before it is installed.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Data sets: download one into the cache (train, eval, sweep and demo never download unless "
                + "given --download).",
        subcommands = {DataCommand.Fetch.class})
public final class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code saturn data fetch NAME}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download a data set (fashion-mnist) into ~/.saturn/datasets/NAME/, each file checked "
                    + "against its SHA-256; files already there are kept.")
    public static final class Fetch implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The data set: fashion-mnist.")
        String name;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            DataSources sources = DataSources.system(true, line -> {
                err.println(line);
                err.flush();
            });
            Path cache;
            try {
                cache = new DatasetResolver(sources).fetch(name.strip());
            } catch (DataException e) {
                throw new BadInputException(e.getMessage());
            }
            spec.commandLine().getOut().println(name.strip() + ": " + cache + " (SHA-256 verified)");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
