package saturn.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {

    @TempDir
    Path tmp;

    @Test
    void aFolderHasOneHolderAtATimeAndIsFreeAgainOnClose() throws IOException {
        Path run = tmp.resolve("run");
        try (FolderLock held = FolderLock.acquire(run)) {
            assertThat(Files.readString(run.resolve(FolderLock.FILE)).strip())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> FolderLock.acquire(run))
                    .isInstanceOf(FolderLock.HeldException.class)
                    .hasMessage(run + " is in use by another saturn process (pid " + ProcessHandle.current().pid() + ")");
        }
        try (FolderLock again = FolderLock.acquire(run)) {
            assertThat(run.resolve(FolderLock.FILE)).exists();
        }
    }

    @Test
    void leftoversOfInterruptedWritesAreRemovedAndNothingElse() throws IOException {
        AtomicFiles.write(tmp.resolve("config.yaml"), out -> out.write('x'));
        for (String name : new String[] {".config.yaml.8123456789012345678.tmp", ".step-8.safetensors.42.tmp", "notes.tmp",
            ".hidden.tmp", "config.yaml.1.tmp"}) {
            Files.writeString(tmp.resolve(name), "partial");
        }
        assertThat(AtomicFiles.removeLeftovers(tmp))
                .containsExactlyInAnyOrder(".config.yaml.8123456789012345678.tmp", ".step-8.safetensors.42.tmp");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("config.yaml", "notes.tmp", ".hidden.tmp", "config.yaml.1.tmp");
        }
    }

    @Test
    void aWriteKilledMidwayLeavesANameThatIsALeftover() throws IOException {
        Path target = tmp.resolve("metrics.jsonl");
        String[] seen = new String[1];
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            try (Stream<Path> s = Files.list(tmp)) {
                seen[0] = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).findFirst().orElseThrow();
            }
            throw new IOException("killed");
        })).hasMessage("killed");
        assertThat(AtomicFiles.isLeftover(seen[0])).as(seen[0]).isTrue();
    }
}
