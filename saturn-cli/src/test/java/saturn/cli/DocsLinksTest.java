package saturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A link checker over the README, CONTRIBUTING and docs/*.md: every relative link names a file
 * that exists, every #anchor a heading of its page (GitHub's slugs), every reference link a
 * definition; web links are well-formed https URLs (the suite has no network to fetch them).
 * Links inside code are not links.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern INLINE = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE_USE = Pattern.compile("\\[([^\\]]+)\\]\\[([^\\]]*)\\]");
    private static final Pattern DEFINITION = Pattern.compile("(?m)^\\[([^\\]]+)\\]:\\s+(\\S+)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everyLinkOfTheReadmeAndTheDocsLeadsSomewhere() throws IOException {
        List<String> dead = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            String text = withoutCode(Files.readString(page, StandardCharsets.UTF_8));
            Map<String, String> definitions = new HashMap<>();
            Matcher d = DEFINITION.matcher(text);
            while (d.find()) definitions.put(d.group(1).toLowerCase(Locale.ROOT), d.group(2));
            List<String> targets = new ArrayList<>();
            Matcher m = INLINE.matcher(text);
            while (m.find()) targets.add(m.group(2));
            Matcher r = REFERENCE_USE.matcher(text);
            while (r.find()) {
                String id = (r.group(2).isEmpty() ? r.group(1) : r.group(2)).toLowerCase(Locale.ROOT);
                if (!definitions.containsKey(id)) dead.add(ROOT.relativize(page) + ": no definition for [" + id + "]");
            }
            targets.addAll(definitions.values());
            for (String target : targets) {
                checked++;
                String why = check(page, target);
                if (why != null) dead.add(ROOT.relativize(page) + ": " + target + " (" + why + ")");
            }
        }
        assertThat(checked).as("links found").isGreaterThan(50);
        assertThat(dead).as("dead links").isEmpty();
    }

    @Test
    void slugsFollowGitHub() {
        assertThat(slug("Signal propagation: q-map, q\\*, C-map, c\\*")).isEqualTo("signal-propagation-q-map-q-c-map-c");
        assertThat(slug("The input–output Jacobian: dynamical isometry")).isEqualTo("the-inputoutput-jacobian-dynamical-isometry");
        assertThat(slug("Moments, gain, variance-preserving σw²")).isEqualTo("moments-gain-variance-preserving-σw²");
        assertThat(slug("`saturn train`, `eval`")).isEqualTo("saturn-train-eval");
        assertThat(slug("What a run measures: vanishing factor and chi_emp")).isEqualTo("what-a-run-measures-vanishing-factor-and-chi_emp");
    }

    @Test
    void theCheckerFindsDeadLinks() throws IOException {
        Path page = ROOT.resolve("docs/theory.md");
        assertThat(check(page, "no-such-file.md")).isEqualTo("no such file");
        assertThat(check(page, "remedies.md#no-such-heading")).isEqualTo("no heading #no-such-heading");
        assertThat(check(page, "#references")).isNull();
        assertThat(check(page, "remedies.md")).isNull();
        assertThat(check(page, "remedies.md#--remedy-auto-how-it-chooses")).isNull();   // a heading with code in it
        assertThat(check(page, "http://arxiv.org/abs/1606.05340")).isEqualTo("not https");
        assertThat(check(page, "https://")).isEqualTo("malformed");
    }

    /** Null when the link is good, else why not. */
    private static String check(Path page, String target) throws IOException {
        if (target.startsWith("http://")) return "not https";
        if (target.startsWith("https://")) {
            try {
                URI uri = new URI(target);
                return uri.getHost() == null || !uri.getHost().contains(".") ? "malformed" : null;
            } catch (java.net.URISyntaxException e) {
                return "malformed";
            }
        }
        if (target.contains("://") || target.startsWith("mailto:")) return "unexpected scheme";
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) return "outside the repository";
        if (!Files.exists(resolved)) return "no such file";
        if (anchor != null) {
            if (!resolved.toString().endsWith(".md")) return "anchor into a file that is not Markdown";
            if (!anchors(resolved).contains(anchor)) return "no heading #" + anchor;
        }
        return null;
    }

    private static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher h = HEADING.matcher(withoutFences(Files.readString(page, StandardCharsets.UTF_8)));
        while (h.find()) {
            String s = slug(h.group(1));
            int n = seen.merge(s, 1, Integer::sum);
            out.add(n == 1 ? s : s + "-" + (n - 1));
        }
        return out;
    }

    /** GitHub's anchor of a heading: markup dropped, lower case, punctuation removed, spaces to hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("\\", "").replace("`", "")
                .replace("*", "");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }

    /** The page with fenced code blocks and inline code spans blanked out. */
    private static String withoutCode(String md) {
        return withoutFences(md).replaceAll("`[^`\\n]*`", "code");
    }

    private static String withoutFences(String md) {
        return Pattern.compile("(?ms)^\\s*```.*?^\\s*```\\s*$").matcher(md).replaceAll("");
    }
}
