package saturn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The dependencies between the {@code saturn.*} packages of compiled classes, as {@code jdeps}
 * reads them from the bytecode: every reference counts, whether the source imports the type
 * or names it fully qualified. Cycles are the strongly connected components of more than one
 * package (Tarjan's algorithm).
 */
final class PackageGraph {

    /** A jdeps {@code -verbose:package} line: {@code   saturn.engine.model  ->  saturn.engine.optim  classes}. */
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s.*$");
    private static final String PREFIX = "saturn";

    /** Package → the packages it depends on, both sorted. */
    private final TreeMap<String, SortedSet<String>> edges;

    private PackageGraph(TreeMap<String, SortedSet<String>> edges) {
        this.edges = edges;
    }

    /** Runs jdeps on class folders or jars. */
    static PackageGraph of(List<Path> classRoots) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("jdeps is not available in this JDK"));
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:package"));
        for (Path p : classRoots) args.add(p.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        if (rc != 0) throw new IllegalStateException("jdeps " + args + " exited with " + rc + ":\n" + err + out);
        return parse(out.toString());
    }

    /** The graph of jdeps {@code -verbose:package} output, keeping edges between {@code saturn} packages. */
    static PackageGraph parse(String jdepsOutput) {
        TreeMap<String, SortedSet<String>> edges = new TreeMap<>();
        for (String line : jdepsOutput.split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (!m.matches()) continue;
            String from = m.group(1);
            String to = m.group(2);
            if (!isSaturn(from) || !isSaturn(to) || from.equals(to)) continue;
            edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
            edges.computeIfAbsent(to, k -> new TreeSet<>());
        }
        return new PackageGraph(edges);
    }

    private static boolean isSaturn(String pkg) {
        return pkg.equals(PREFIX) || pkg.startsWith(PREFIX + ".");
    }

    SortedSet<String> packages() {
        return new TreeSet<>(edges.keySet());
    }

    SortedSet<String> dependencies(String pkg) {
        return edges.getOrDefault(pkg, new TreeSet<>());
    }

    /** Every strongly connected component of two or more packages, each sorted, in order of their first package. */
    List<SortedSet<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<SortedSet<String>> out = new ArrayList<>();
        for (String v : edges.keySet()) {
            if (!index.containsKey(v)) connect(v, index, low, stack, out);
        }
        out.sort((a, b) -> a.first().compareTo(b.first()));
        return out;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         List<SortedSet<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : dependencies(v)) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            SortedSet<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) out.add(component);
        }
    }

    /** The edges inside {@code component}, one {@code a -> b} per line. */
    String describe(SortedSet<String> component) {
        StringBuilder sb = new StringBuilder();
        for (String from : component) {
            for (String to : dependencies(from)) {
                if (component.contains(to)) sb.append("    ").append(from).append(" -> ").append(to).append('\n');
            }
        }
        return sb.toString();
    }
}
