package saturn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import saturn.engine.Backends;

/** {@code saturn --version}: the version and the compute backends in use. */
final class VersionProvider implements CommandLine.IVersionProvider {

    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/saturn-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "saturn " + version(),
            "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
            "backends: " + Backends.describe(),
        };
    }
}
