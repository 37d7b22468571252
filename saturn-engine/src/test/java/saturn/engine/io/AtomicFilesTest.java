package saturn.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    /** The mode this process's umask gives a new file. */
    private Set<PosixFilePermission> umaskMode() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference"));
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(reference);
        Files.delete(reference);
        return mode;
    }

    @Test
    void writtenFilesGetTheUmasksModeNotTheTemporaryFilesPrivateOne() throws IOException {
        Set<PosixFilePermission> expected = umaskMode();
        Path target = dir.resolve("sub/config.yaml");
        AtomicFiles.write(target, o -> o.write("a: 1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(dir.resolve("sub"))).contains(PosixFilePermission.OWNER_EXECUTE);
        // rewriting keeps the same mode and leaves no temporary file
        AtomicFiles.write(target, o -> o.write("a: 2\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(target)).isEqualTo("a: 2\n");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(expected);
        try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("summary.json");
        AtomicFiles.write(target, o -> o.write('1'));
        try {
            AtomicFiles.write(target, o -> {
                o.write('2');
                throw new IOException("disk full");
            });
        } catch (IOException expected) {
            assertThat(expected).hasMessage("disk full");
        }
        assertThat(Files.readString(target)).isEqualTo("1");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void temporaryNamesAreFreshEachTime() throws IOException {
        Path a = AtomicFiles.createTemp(dir, ".x.", ".tmp");
        Path b = AtomicFiles.createTemp(dir, ".x.", ".tmp");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.getFileName().toString()).startsWith(".x.").endsWith(".tmp");
        assertThat(Files.size(a)).isZero();
        assertThat(Files.getPosixFilePermissions(a)).isEqualTo(umaskMode());
    }
}
