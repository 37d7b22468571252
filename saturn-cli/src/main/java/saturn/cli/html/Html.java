package saturn.cli.html;

import java.util.List;

/**
 * A self-contained HTML page: inline CSS, inline SVG charts, no script, no external
 * resource of any kind; the only links are relative ones to the reports beside it.
 */
public final class Html {

    private static final String STYLE = """
            body{font-family:sans-serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#222}
            h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
            table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
            th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .note{color:#555;font-size:.9em}.charts svg{margin:.3em .6em .3em 0;vertical-align:top}
            a{color:#1f5f9f}
            code,pre{font-size:.9em;background:#f6f6f6}pre{padding:.5em;overflow-x:auto}
            """;

    private final StringBuilder b = new StringBuilder();

    public Html(String title) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(Svg.escape(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<h1>")
                .append(Svg.escape(title)).append("</h1>\n");
    }

    public Html section(String id, String heading) {
        b.append("<h2 id=\"").append(Svg.escape(id)).append("\">").append(Svg.escape(heading)).append("</h2>\n");
        return this;
    }

    public Html paragraph(String text) {
        b.append("<p>").append(Svg.escape(text)).append("</p>\n");
        return this;
    }

    public Html note(String text) {
        b.append("<p class=\"note\">").append(Svg.escape(text)).append("</p>\n");
        return this;
    }

    public Html pre(String text) {
        b.append("<pre>").append(Svg.escape(text)).append("</pre>\n");
        return this;
    }

    /** Charts side by side (each an inline SVG produced by this package). */
    public Html charts(String... svgs) {
        b.append("<div class=\"charts\">\n");
        for (String s : svgs) b.append(s).append('\n');
        b.append("</div>\n");
        return this;
    }

    /** A table; cells that parse as numbers are right-aligned. */
    public Html table(List<String> header, List<List<String>> rows) {
        return table(header, rows, null);
    }

    /**
     * A table whose first cells link to other files of the same folder tree ({@code links.get(i)}
     * for row i, null for none): relative paths only, so the page stays free of URLs.
     */
    public Html table(List<String> header, List<List<String>> rows, List<String> links) {
        b.append("<table>\n");
        if (header.stream().anyMatch(h -> !h.isEmpty())) {
            b.append("<thead><tr>");
            for (String h : header) b.append("<th>").append(Svg.escape(h)).append("</th>");
            b.append("</tr></thead>\n");
        }
        b.append("<tbody>\n");
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String link = links == null ? null : links.get(r);
            b.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                b.append(numeric(cell) ? "<td class=\"num\">" : "<td>");
                if (c == 0 && link != null) {
                    b.append("<a href=\"").append(Svg.escape(relative(link))).append("\">").append(Svg.escape(cell)).append("</a>");
                } else {
                    b.append(Svg.escape(cell));
                }
                b.append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        return this;
    }

    /** Whether {@code link} is a relative path of plain name characters that needs no escaping in a URL. */
    public static boolean isPlainRelative(String link) {
        return link.matches("[A-Za-z0-9._+~,-]+(/[A-Za-z0-9._+~,-]+)*") && !link.contains("..");
    }

    private static String relative(String link) {
        if (!isPlainRelative(link)) throw new IllegalArgumentException("not a plain relative link: " + link);
        return link;
    }

    private static boolean numeric(String s) {
        return s != null && s.matches("[-+]?[0-9.]+(e[-+]?[0-9]+)?%?");
    }

    public String finish() {
        return b + "</body>\n</html>\n";
    }
}
