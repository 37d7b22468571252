package saturn.engine.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** The inlining directive is a hint, but a failure to install it is reported, once, with its reason. */
class InlineDirectiveTest {

    /** Keeps every message logged, with its level. */
    private static final class Recorder implements System.Logger {
        final List<String> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "recorder";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + (params == null ? format : MessageFormat.format(format, params)));
        }
    }

    @Test
    void aFailedInstallIsLoggedOnceAsAWarningWithItsReason() {
        Recorder log = new Recorder();
        int[] calls = {0};
        InlineDirective d = new InlineDirective(file -> {
            calls[0]++;
            throw new UnsupportedOperationException("no DiagnosticCommand MBean");
        }, log);

        d.installOnce();
        d.installOnce();

        assertThat(calls[0]).as("attempts").isEqualTo(1);
        assertThat(log.lines).hasSize(1);
        assertThat(log.lines.getFirst()).startsWith("WARNING ").contains("no DiagnosticCommand MBean");
        assertThat(d.state()).startsWith("unavailable: ").contains("no DiagnosticCommand MBean");
    }

    @Test
    void aSuccessfulInstallHandsOverTheDirectiveFileAndLogsNothing() {
        Recorder log = new Recorder();
        List<String> seen = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        InlineDirective d = new InlineDirective(file -> {
            files.add(file);
            seen.add(Files.readString(file));
        }, log);

        d.installOnce();

        assertThat(d.state()).isEqualTo("installed");
        assertThat(log.lines).isEmpty();
        assertThat(seen).singleElement().asString().contains("+saturn/engine/simd/VectorMath.*");
        assertThat(files.getFirst()).as("temporary directive file removed").doesNotExist();
    }

    @Test
    void thisVmReportsItsOwnState() {
        InlineDirective.install();
        assertThat(InlineDirective.status()).matches("installed|unavailable: .+");
    }
}
