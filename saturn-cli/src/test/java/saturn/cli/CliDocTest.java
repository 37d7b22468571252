package saturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md stays in step with the program: a section for every command, and in it a
 * {@code --help} block equal to what the command prints, which names every option. With
 * {@code -Dsaturn.cli.regenerate=true} the test rewrites the blocks from the program instead
 * (the prose around them is kept).
 */
class CliDocTest {

    private static final Path DOC = Path.of("..", "docs", "cli.md");
    private static final Pattern SECTION = Pattern.compile("(?m)^## saturn ([a-z]+)\\n");
    private static final Pattern BLOCK = Pattern.compile("```text\\n(.*?)```", Pattern.DOTALL);

    private static Map<String, CommandLine> commands() {
        Map<String, CommandLine> m = new java.util.LinkedHashMap<>(Main.commandLine().getSubcommands());
        m.remove("help");
        return m;
    }

    private static String usage(CommandLine c) {
        return c.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @BeforeAll
    static void regenerateWhenAsked() throws IOException {
        if (Boolean.getBoolean("saturn.cli.regenerate")) {
            Files.writeString(DOC, regenerate(Files.readString(DOC, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyCommandHasASectionWhoseHelpBlockIsTheProgramsOwn() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        List<String> sections = new ArrayList<>();
        Matcher m = SECTION.matcher(doc);
        while (m.find()) sections.add(m.group(1));
        assertThat(sections).as("sections of " + DOC).containsExactlyInAnyOrderElementsOf(commands().keySet());
        for (var e : commands().entrySet()) {
            String section = section(doc, e.getKey());
            Matcher block = BLOCK.matcher(section);
            assertThat(block.find()).as("a ```text block in the section of saturn " + e.getKey()).isTrue();
            assertThat(block.group(1)).as("docs/cli.md's --help of saturn " + e.getKey() + " is out of date: rerun "
                    + "CliDocTest with -Dsaturn.cli.regenerate=true (see the top of docs/cli.md)").isEqualTo(usage(e.getValue()));
        }
    }

    @Test
    void everyOptionOfEveryCommandIsNamedInItsSection() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        for (var e : commands().entrySet()) {
            String section = section(doc, e.getKey());
            for (CommandLine.Model.OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.hidden()) continue;
                for (String name : o.names()) assertThat(section).as("saturn " + e.getKey() + " " + name).contains(name);
            }
        }
    }

    /** The text from a command's heading to the next heading of the same level. */
    private static String section(String doc, String command) {
        int start = doc.indexOf("## saturn " + command + "\n");
        assertThat(start).as("section saturn " + command).isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end + 1);
    }

    private static String regenerate(String doc) {
        StringBuilder out = new StringBuilder(doc);
        for (var e : commands().entrySet()) {
            String text = out.toString();
            int start = text.indexOf("## saturn " + e.getKey() + "\n");
            if (start < 0) continue;
            int end = text.indexOf("\n## ", start + 1);
            if (end < 0) end = text.length();
            Matcher block = BLOCK.matcher(text).region(start, end);
            if (block.find()) out.replace(block.start(1), block.end(1), usage(e.getValue()));
        }
        return out.toString();
    }
}
