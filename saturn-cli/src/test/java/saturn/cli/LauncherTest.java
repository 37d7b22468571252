package saturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./saturn} launcher script, run for real on a copy of itself beside a stand-in
 * {@code mvn} and a stand-in JDK that record how they were called: what it says on first use,
 * the quiet build without colour codes, no second build while the sources are unchanged, and
 * the demo's heap ceiling. Nothing is compiled.
 */
class LauncherTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    private Path tree;
    private Path bin;
    private Path jdk;

    @BeforeEach
    void layOut() throws IOException {
        tree = Files.createDirectories(tmp.resolve("saturn"));
        Files.copy(ROOT.resolve("saturn"), tree.resolve("saturn"));
        Files.createDirectories(tree.resolve("bin"));
        Files.copy(ROOT.resolve("bin/jdk.sh"), tree.resolve("bin/jdk.sh"));
        Files.writeString(tree.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(tree.resolve("saturn-cli/src/main/java"));
        Files.writeString(tree.resolve("saturn-cli/pom.xml"), "<project/>\n");

        bin = Files.createDirectories(tmp.resolve("fake-bin"));
        // mvn: records its arguments and MAVEN_OPTS, prints a colour reset as Maven's console library
        // does, and "builds" the jar the launcher looks for
        script(bin.resolve("mvn"), """
                #!/usr/bin/env bash
                printf '%s\\n' "$*" >> "$FAKE_LOG/mvn.args"
                printf '%s\\n' "$MAVEN_OPTS" >> "$FAKE_LOG/mvn.opts"
                case "$MAVEN_OPTS" in *-Djansi.noreset=true*) ;; *) printf '\\033[0m' ;; esac
                mkdir -p saturn-cli/target/lib
                touch saturn-cli/target/saturn-cli-0.1.0.jar
                """);
        jdk = tmp.resolve("fake-jdk");
        Files.createDirectories(jdk.resolve("bin"));
        script(jdk.resolve("bin/java"), """
                #!/usr/bin/env bash
                if [ "${1:-}" = "-XshowSettings:properties" ]; then
                    echo "    java.specification.version = 25" >&2
                    exit 0
                fi
                printf '%s\\n' "$*" >> "$FAKE_LOG/java.args"
                echo "fake saturn ran"
                """);
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int code, String out, String err) {
    }

    private Run launch(String... args) throws IOException, InterruptedException {
        return launch(Map.of(), args);
    }

    private Run launch(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", tree.resolve("saturn").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("JAVA_HOME", jdk.toString());
        env.put("FAKE_LOG", tmp.toString());
        env.remove("MAVEN_OPTS");
        env.remove("SATURN_JAVA_OPTS");
        env.putAll(extraEnv);
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private List<String> log(String name) throws IOException {
        Path f = tmp.resolve(name);
        return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void firstUseSaysItBuildsQuietlyWithoutColourCodesThenRunsAndLaterRunsDoNotBuild() throws Exception {
        Run first = launch("--help");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).contains("saturn: compiling Saturn with Maven (first use").contains("usually 1-2 minutes")
                .containsPattern("saturn: built in \\d+ s");
        assertThat(first.out() + first.err()).doesNotContain("\u001b");
        assertThat(first.out()).isEqualTo("fake saturn ran\n");

        List<String> mvn = log("mvn.args");
        assertThat(mvn).hasSize(1);
        assertThat(mvn.getFirst().split(" ")).contains("-B", "-q", "--no-transfer-progress", "-Dstyle.color=never",
                "-DskipTests", "package");
        assertThat(log("mvn.opts").getFirst()).contains("-Djansi.noreset=true");
        assertThat(log("java.args").getFirst()).contains("saturn.cli.Main --help").doesNotContain("-Xmx");

        Run second = launch("analyze", "tanh");
        assertThat(second.code()).isZero();
        assertThat(second.err()).doesNotContain("compiling");
        assertThat(log("mvn.args")).hasSize(1);
        assertThat(log("java.args").getLast()).endsWith("saturn.cli.Main analyze tanh");
    }

    @Test
    void aChangedSourceFileBuildsAgain() throws Exception {
        assertThat(launch("--version").code()).isZero();
        Path source = tree.resolve("saturn-cli/src/main/java/A.java");
        Files.writeString(source, "class A {}\n");
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Run again = launch("--version");
        assertThat(again.err()).contains("compiling Saturn");
        assertThat(log("mvn.args")).hasSize(2);
    }

    @Test
    void theDemoGetsAHeapCeilingThatTheUserCanOverride() throws Exception {
        assertThat(launch("demo", "--quick").code()).isZero();
        assertThat(log("java.args").getLast()).contains("-Xmx2g").endsWith("saturn.cli.Main demo --quick");
        assertThat(launch(Map.of("SATURN_JAVA_OPTS", "-Xmx4g -Dx=1"), "demo").code()).isZero();
        String args = log("java.args").getLast();
        assertThat(args).contains("-Xmx4g -Dx=1");
        assertThat(args.indexOf("-Xmx4g")).as("the user's options come last and win").isGreaterThan(args.indexOf("-Xmx2g"));
    }

    @Test
    void aFailedBuildSaysSoAndExitsOne() throws Exception {
        script(bin.resolve("mvn"), """
                #!/usr/bin/env bash
                echo "[ERROR] COMPILATION ERROR" >&2
                exit 1
                """);
        Run r = launch("--help");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("[ERROR] COMPILATION ERROR").contains("saturn: build failed");
        assertThat(log("java.args")).isEmpty();
    }
}
