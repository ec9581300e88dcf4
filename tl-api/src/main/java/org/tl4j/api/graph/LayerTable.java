package org.tl4j.api.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        out.append("{\"model\": ").append(quote(graph.name()))
                .append(", \"params\": ").append(graph.paramCount())
                .append(", \"output_shape\": ").append(dims(graph.outputShape()))
                .append(", \"layers\": [");
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            out.append(i == 0 ? "\n  " : ",\n  ");
            appendLayer(out, graph, nodes.get(i));
        }
        return out.append("\n]}\n").toString();
    }

    private static void appendLayer(StringBuilder out, Graph graph, Node n) {
        out.append("{\"name\": ").append(quote(n.name()))
                .append(", \"type\": ").append(quote(n.kerasClass()))
                .append(", \"output_shape\": ").append(dims(graph.shape(n.name())))
                .append(", \"weights\": [");
        List<WeightSlot> slots = graph.weightSlots(n);
        for (int i = 0; i < slots.size(); i++) {
            WeightSlot s = slots.get(i);
            out.append(i == 0 ? "" : ", ").append('[').append(quote(n.name() + "/" + s.name())).append(", ")
                    .append(dims(s.shape())).append(']');
        }
        out.append("]}");
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

    /** A JSON array of the dimensions, {@code null} for unknown ones. */
    static String dims(Shape shape) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < shape.rank(); i++) {
            int d = shape.dim(i);
            out.append(i == 0 ? "" : ", ").append(d == Shape.UNKNOWN ? "null" : Integer.toString(d));
        }
        return out.append(']').toString();
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
