package saturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages of saturn-theory, saturn-engine and saturn-cli depend on each other without
 * cycles (docs/architecture.md §2). jdeps reads the compiled classes of the three modules,
 * so a reference counts whether it is imported or written fully qualified; the test lists
 * every cycle with its edges.
 */
class PackageCyclesTest {

    @Test
    void saturnPackagesFormNoCycles() throws Exception {
        List<Path> roots = List.of(classRoot(saturn.theory.Activation.class),
                classRoot(saturn.engine.model.Model.class), classRoot(Main.class));
        PackageGraph graph = PackageGraph.of(roots);
        assertThat(graph.packages()).as("packages jdeps found in %s", roots)
                .contains("saturn.theory", "saturn.engine.model", "saturn.cli");

        StringBuilder failures = new StringBuilder();
        for (SortedSet<String> cycle : graph.cycles()) failures.append("cycle ").append(cycle).append(":\n")
                .append(graph.describe(cycle));
        assertThat(failures.toString()).as("package cycles").isEmpty();
    }

    /**
     * The CLI's packages by command (docs/architecture.md §2): the shared packages name no
     * command package, and a command names another only to call its library function (demo and
     * report call the sweep's).
     */
    @Test
    void cliCommandPackagesMeetOnlyInTheSharedPackages() throws Exception {
        PackageGraph graph = PackageGraph.of(List.of(classRoot(Main.class)));
        List<String> commands = List.of("saturn.cli.analyze", "saturn.cli.bench", "saturn.cli.data", "saturn.cli.demo", "saturn.cli.eval",
                "saturn.cli.predict", "saturn.cli.report", "saturn.cli.sweep", "saturn.cli.train");
        assertThat(graph.packages()).as("packages jdeps found").containsAll(commands);
        for (String shared : List.of("saturn.cli.run", "saturn.cli.options", "saturn.cli.html", "saturn.cli.checkpoint")) {
            assertThat(graph.dependencies(shared)).as("%s depends on", shared).doesNotContainAnyElementsOf(commands)
                    .doesNotContain("saturn.cli");
        }
        SortedSet<String> between = new TreeSet<>();
        for (String from : commands) {
            for (String to : graph.dependencies(from)) if (commands.contains(to)) between.add(from + " -> " + to);
        }
        assertThat(between).as("edges between command packages")
                .containsExactly("saturn.cli.demo -> saturn.cli.sweep", "saturn.cli.report -> saturn.cli.sweep");
    }

    /**
     * The check itself: of three packages where {@code a} imports {@code b}, and {@code b} and
     * {@code c} name each other only fully qualified (one in a method body), the cycle found is
     * {@code {b, c}} and {@code a} is outside it.
     */
    @Test
    void findsCyclesOfFullyQualifiedReferences(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        write(src, "saturn/fixture/a/A.java", """
                package saturn.fixture.a;
                import saturn.fixture.b.B;
                public class A { public B b; }
                """);
        write(src, "saturn/fixture/b/B.java", """
                package saturn.fixture.b;
                public class B { public int size() { return new saturn.fixture.c.C().hashCode(); } }
                """);
        write(src, "saturn/fixture/c/C.java", """
                package saturn.fixture.c;
                public class C { public saturn.fixture.b.B back; }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString()));
        try (var files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac exit code").isZero();

        PackageGraph graph = PackageGraph.of(List.of(classes));

        assertThat(graph.dependencies("saturn.fixture.a")).containsExactly("saturn.fixture.b");
        assertThat(graph.cycles()).containsExactly(new TreeSet<>(Set.of("saturn.fixture.b", "saturn.fixture.c")));
        assertThat(graph.describe(graph.cycles().getFirst()))
                .contains("saturn.fixture.b -> saturn.fixture.c", "saturn.fixture.c -> saturn.fixture.b");
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** The class folder (or jar) a class was loaded from. */
    private static Path classRoot(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
