package saturn.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FolderLock#acquireShared} and {@link FolderLock#isHeld} against another process
 * holding a folder's lock shared or exclusively (a small Java program that locks {@code .lock}
 * as {@link FolderLock} does, until its input closes).
 */
class SharedFolderLockTest {

    @TempDir
    Path tmp;

    private Process hold(Path dir, boolean shared) throws IOException {
        Path source = tmp.resolve("Hold.java");
        Files.writeString(source, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Hold {
                    public static void main(String[] a) throws Exception {
                        try (FileChannel ch = FileChannel.open(Path.of(a[0], ".lock"), StandardOpenOption.CREATE,
                                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                            ch.lock(0, Long.MAX_VALUE, Boolean.parseBoolean(a[1]));
                            System.out.println("locked");
                            System.out.flush();
                            System.in.read();
                        }
                    }
                }
                """);
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), source.toString(),
                dir.toString(), Boolean.toString(shared)).redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readNBytes(7))).isEqualTo("locked\n");
        return p;
    }

    private static void release(Process p) throws Exception {
        p.getOutputStream().close();
        p.waitFor();
    }

    @Test
    void sharedHoldersRunTogetherAndKeepAnExclusiveHolderOut() throws Exception {
        Path dir = tmp.resolve("sweep");
        Process other = hold(dir, true);
        try {
            assertThat(FolderLock.isHeld(dir)).as("a shared holder is no writer alone").isFalse();
            assertThatThrownBy(() -> FolderLock.acquire(dir)).isInstanceOf(FolderLock.HeldException.class);
            try (FolderLock mine = FolderLock.acquireShared(dir)) {
                assertThat(dir.resolve(FolderLock.FILE)).exists();
            }
        } finally {
            release(other);
        }
        try (FolderLock alone = FolderLock.acquire(dir)) {
            assertThat(dir.resolve(FolderLock.FILE)).exists();
        }
    }

    @Test
    void anExclusiveHolderIsSeenAndKeepsSharedHoldersOut() throws Exception {
        Path dir = tmp.resolve("run");
        assertThat(FolderLock.isHeld(dir)).isFalse();
        assertThat(dir).as("the probe creates nothing").doesNotExist();
        Process other = hold(dir, false);
        try {
            assertThat(FolderLock.isHeld(dir)).isTrue();
            assertThatThrownBy(() -> FolderLock.acquireShared(dir)).isInstanceOf(FolderLock.HeldException.class);
        } finally {
            release(other);
        }
        assertThat(FolderLock.isHeld(dir)).isFalse();
    }
}
