package io.irisapi;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package graph of the built classes, as jdeps reads it, is one-way (as dropwizard-example's): no package of the
 * service depends, through any path, on one that depends on it; nothing below the root depends on the root; no
 * protocol's package depends on another's; core, the model and its checked rows, knows nothing of JSON, JAX-RS or
 * MLflow; and codec, the readers of the wire forms, knows nothing of JAX-RS or OpenAPI.
 */
class PackageGraphTest {
    private static final Path CLASSES = Path.of("target", "classes");
    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.irisapi[\\w.]*)\\s+->\\s+(\\S+)");

    @Test
    void packagesFormNoCycle() {
        Map<String, Set<String>> graph = graph(jdeps("-verbose:package"), true);
        assertThat(cycles(graph)).as("package cycles (each: its packages and their edges inside it)").isEmpty();
    }

    @Test
    void onlyTheCommandLineDependsOnTheRoot() {
        Map<String, Set<String>> graph = graph(jdeps("-verbose:package"), true);
        List<String> dependents = graph.entrySet().stream()
                .filter(entry -> entry.getValue().contains("io.irisapi"))
                .map(Map.Entry::getKey)
                .filter(name -> !name.equals("io.irisapi.cli"))
                .toList();
        assertThat(dependents).as("packages that depend on io.irisapi").isEmpty();
    }

    /** Each protocol only translates its wire form to the data plane: none reaches into another's package. */
    @Test
    void noProtocolDependsOnAnother() {
        Map<String, Set<String>> graph = graph(jdeps("-verbose:package"), true);
        List<String> crossings = new ArrayList<>();
        graph.forEach((from, targets) -> targets.stream()
                .filter(to -> protocolOf(from) != null && protocolOf(to) != null
                        && !protocolOf(to).equals(protocolOf(from)))
                .forEach(to -> crossings.add(from + " -> " + to)));
        assertThat(graph).as("the protocols' packages, as jdeps reads them").containsKeys(
                "io.irisapi.protocol.iris", "io.irisapi.protocol.mlflow", "io.irisapi.protocol.oip",
                "io.irisapi.protocol.kserve");
        assertThat(crossings).as("dependencies of one protocol's package on another's").isEmpty();
    }

    /** The protocol a package belongs to ({@code oip} for {@code io.irisapi.protocol.oip} and below), or null. */
    private static String protocolOf(String pkg) {
        Matcher protocol = Pattern.compile("^io\\.irisapi\\.protocol\\.(\\w+)").matcher(pkg);
        return protocol.find() ? protocol.group(1) : null;
    }

    @Test
    void coreImportsNoJsonJaxRsOrMlflow() {
        assertThat(dependencies("io.irisapi.core", "com.fasterxml.jackson.", "jakarta.ws.rs.", "javax.ws.rs.",
                "org.glassfish.jersey.", "org.mlflow."))
                .as("core's dependencies on JSON, JAX-RS and MLflow").isEmpty();
    }

    @Test
    void codecImportsNoJaxRsOrOpenApi() {
        assertThat(dependencies("io.irisapi.codec", "jakarta.ws.rs.", "javax.ws.rs.", "org.glassfish.jersey.",
                "io.swagger."))
                .as("codec's dependencies on JAX-RS and OpenAPI").isEmpty();
    }

    /** The classes of {@code pkg} (not of its subpackages) that use a class whose name starts with a prefix. */
    private static List<String> dependencies(String pkg, String... prefixes) {
        Map<String, Set<String>> graph = graph(jdeps("-verbose:class"), false);
        List<String> found = new ArrayList<>();
        graph.forEach((from, targets) -> {
            if (from.startsWith(pkg + ".") && from.indexOf('.', pkg.length() + 1) < 0) {
                targets.stream()
                        .filter(to -> Arrays.stream(prefixes).anyMatch(to::startsWith))
                        .forEach(to -> found.add(from + " -> " + to));
            }
        });
        return found;
    }

    private static String jdeps(String verbosity) {
        assertThat(Files.isDirectory(CLASSES)).as(CLASSES + " (built by the compile phase)").isTrue();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), verbosity, "-filter:none",
                CLASSES.toString());
        assertThat(status).as("jdeps: " + err).isZero();
        return out.toString();
    }

    /** From jdeps' "from -> to" lines, the edges between distinct nodes; {@code internal}: service packages only. */
    private static Map<String, Set<String>> graph(String jdeps, boolean internal) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : jdeps.split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && !edge.group(1).equals(edge.group(2))
                    && (!internal || edge.group(2).startsWith("io.irisapi"))) {
                graph.computeIfAbsent(edge.group(1), from -> new TreeSet<>()).add(edge.group(2));
            }
        }
        return graph;
    }

    /** Tarjan's strongly connected components of more than one package, each printed with its inner edges. */
    static List<String> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<String> cycles = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, cycles);
            }
        }
        return cycles;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<String> cycles) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, cycles);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                List<String> edges = new ArrayList<>();
                for (String from : component) {
                    graph.getOrDefault(from, Set.of()).stream().filter(component::contains)
                            .forEach(to -> edges.add(from + " -> " + to));
                }
                cycles.add(String.join(", ", edges));
            }
        }
    }
}
