package saturn.cli.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks of a written HTML report, shared by the tests of the commands that write one. */
public final class HtmlChecks {

    private HtmlChecks() {
    }

    /**
     * No URL, script or external resource: the page is self-contained. The only links allowed are
     * relative ones to files beside it (a sweep's trial reports).
     */
    public static void assertNoUrl(String html) {
        String withoutRelativeLinks = html.replaceAll("<a href=\"[A-Za-z0-9._+~,-]+(/[A-Za-z0-9._+~,-]+)*\">", "<a>");
        assertThat(withoutRelativeLinks).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn")
                .doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("url(http")
                .doesNotContain("..");
    }

    /** Every element but the void ones is closed, in order. */
    public static void assertBalanced(String html) {
        Set<String> voids = Set.of("meta", "br", "hr", "img", "input", "link");
        Matcher m = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(/?)>").matcher(html);
        Deque<String> open = new ArrayDeque<>();
        while (m.find()) {
            String tag = m.group(2).toLowerCase(Locale.ROOT);
            if (voids.contains(tag) || !m.group(4).isEmpty()) continue;
            if (m.group(1).isEmpty()) {
                open.push(tag);
            } else {
                assertThat(open).as("closing </" + tag + "> at " + m.start()).isNotEmpty();
                assertThat(open.pop()).as("closing </" + tag + "> at " + m.start()).isEqualTo(tag);
            }
        }
        assertThat(open).as("unclosed elements").isEmpty();
    }
}
