package org.tl4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.graph.Graph;
import org.tl4j.core.graph.LayerTable;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tl describe BACKBONE}: the layer table (Keras order), parameter counts and output shape. */
@Command(name = "describe", description = "Show a backbone's layers, output shapes and parameter counts.")
final class DescribeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BACKBONE", description = "A backbone id (see `tl list`).")
    String backboneId;

    @Option(names = "--input", paramLabel = "H[xW]", description = "Input size, e.g. 160 or 160x224.")
    String input;

    @Option(names = "--alpha", paramLabel = "A", description = "Width multiplier (MobileNetV2).")
    Double alpha;

    @Option(names = "--json", description = "Keras-style JSON layer table.")
    boolean json;

    @Override
    public Integer call() {
        Backbone backbone = main.registry().get(Backbone.class, backboneId);
        Graph g = backbone.graph(spec(backbone, input, alpha));
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? LayerTable.json(g) : LayerTable.text(g));
        out.flush();
        return 0;
    }

    /** The backbone's default spec with the {@code --input} and {@code --alpha} options applied (either may be null). */
    static BackboneSpec spec(Backbone backbone, String input, Double alpha) {
        BackboneSpec def = backbone.defaultSpec();
        int[] hw = input == null ? new int[] {def.height(), def.width()} : parseSize(input);
        return new BackboneSpec(hw[0], hw[1], alpha == null ? def.alpha() : alpha, def.options());
    }

    static int[] parseSize(String text) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("[x×,]");
        try {
            int h = Integer.parseInt(parts[0].trim());
            int w = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : h;
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            return new int[] {h, w};
        } catch (NumberFormatException e) {
            throw new TlConfigException("--input " + text + ": expected H or HxW in pixels, e.g. 160 or 160x224");
        }
    }
}
