package org.tl4j.core.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.graph.WeightSlot;
import org.tl4j.core.json.Json;

/**
 * Renders a graph as a layer table: for people as text (name, Keras class, output shape, parameters, totals), for
 * machines as JSON in the layout of the Keras reference dumps ({@code keras-layers/*.json}), with unknown dimensions
 * as {@code null}. This is what {@code tl describe} prints.
 */
public final class LayerTable {
    private static final String[] HEADER = {"Layer", "Class", "Output shape", "Params"};

    private LayerTable() {
    }

    /** A text table, one row per layer in Keras order, followed by the layer, weighted-layer and parameter totals. */
    public static String text(Graph graph) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Node n : graph.nodes()) {
            rows.add(new String[] {n.name(), n.kerasClass(), graph.shape(n.name()).toString(),
                grouped(graph.paramCount(n))});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("Model: ").append(graph.name()).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            appendRow(out, rows.get(r), widths);
            if (r == 0) {
                appendRule(out, widths);
            }
        }
        appendRule(out, widths);
        out.append("Layers: ").append(graph.nodes().size())
                .append(", weighted layers: ").append(graph.weightedNodes().size())
                .append(", output: ").append(graph.outputShape()).append('\n');
        out.append("Total params: ").append(grouped(graph.paramCount())).append('\n');
        return out.toString();
    }

    /**
     * JSON: {@code {"model": …, "params": N, "output_shape": [h, w, c], "layers": [{"name": …, "type": …,
     * "output_shape": […], "weights": [["layer/slot", [dims…]], …]}, …]}}, one layer per line.
     */
    public static String json(Graph graph) {
        StringBuilder out = new StringBuilder();
        out.append("{\"model\": ").append(Json.quote(graph.name()))
                .append(", \"params\": ").append(graph.paramCount())
                .append(", \"output_shape\": ").append(Json.write(dims(graph.outputShape()), Json.Spacing.SPACED))
                .append(", \"layers\": [");
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            out.append(i == 0 ? "\n  " : ",\n  ");
            appendLayer(out, graph, nodes.get(i));
        }
        return out.append("\n]}\n").toString();
    }

    private static void appendLayer(StringBuilder out, Graph graph, Node n) {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("name", n.name());
        layer.put("type", n.kerasClass());
        layer.put("output_shape", dims(graph.shape(n.name())));
        List<Object> weights = new ArrayList<>();
        for (WeightSlot s : graph.weightSlots(n)) {
            weights.add(List.of(n.name() + "/" + s.name(), dims(s.shape())));
        }
        layer.put("weights", weights);
        out.append(Json.write(layer, Json.Spacing.SPACED));
    }

    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            boolean numeric = i == row.length - 1;
            String pad = " ".repeat(widths[i] - row[i].length());
            line.append(i == 0 ? "" : "  ").append(numeric ? pad + row[i] : row[i] + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static void appendRule(StringBuilder out, int[] widths) {
        int total = 2 * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        out.append("-".repeat(total)).append('\n');
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The dimensions, {@code null} for unknown ones. */
    private static List<Integer> dims(Shape shape) {
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < shape.rank(); i++) {
            int d = shape.dim(i);
            dims.add(d == Shape.UNKNOWN ? null : d);
        }
        return dims;
    }
}
