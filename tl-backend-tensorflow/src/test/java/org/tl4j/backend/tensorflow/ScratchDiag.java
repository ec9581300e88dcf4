package org.tl4j.backend.tensorflow;

import java.awt.image.BufferedImage;
import java.nio.file.*;
import java.util.*;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.tl4j.api.graph.*;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.*;
import org.tl4j.backbones.MobileNetV2Backbone;
import org.tl4j.spi.*;

final class ScratchDiag {
    @Test
    void diag() throws Exception {
        Path ck = Path.of(System.getProperty("ck"));
        Weights w = Safetensors.read(ck);
        MobileNetV2Backbone backbone = new MobileNetV2Backbone();
        org.tl4j.api.graph.Graph base = backbone.graph(BackboneSpec.of(32, 32, 0.35));
        List<org.tl4j.api.graph.Node> nodes = new ArrayList<>(base.nodes());
        Set<String> names = new HashSet<>();
        for (String n : w.names()) names.add(Weights.layerOf(n));
        System.out.println("layers not in base: " + names.stream().filter(n -> !base.contains(n)).toList());
        nodes.add(new GlobalAveragePool("global_average_pooling2d", base.outputName()));
        nodes.add(new Dropout("dropout", "global_average_pooling2d", 0.2));
        nodes.add(new Dense("dense", "dropout", 8, true, ActivationFn.SOFTMAX));
        org.tl4j.api.graph.Graph g = org.tl4j.api.graph.Graph.of("m", nodes);
        Set<String> all = new HashSet<>();
        g.nodes().stream().skip(1).map(org.tl4j.api.graph.Node::name).forEach(all::add);
        Path val = Path.of("/work/main/build/fashion8/validation");
        List<String> classes = new ArrayList<>();
        try (var s = Files.list(val)) { s.map(p -> p.getFileName().toString()).sorted().forEach(classes::add); }
        int n = 64;
        float[] x = new float[n * 32 * 32 * 3];
        int[] y = new int[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            int c = i % 8;
            y[i] = c;
            List<Path> files;
            try (var s = Files.list(val.resolve(classes.get(c)))) { files = s.sorted().toList(); }
            BufferedImage img = ImageIO.read(files.get(r.nextInt(files.size())).toFile());
            BufferedImage big = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            var g2 = big.createGraphics();
            g2.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g2.drawImage(img, 0, 0, 32, 32, null);
            for (int yy = 0; yy < 32; yy++) for (int xx = 0; xx < 32; xx++) {
                int v = big.getRGB(xx, yy) & 0xff;
                for (int k = 0; k < 3; k++) x[((i * 32 + yy) * 32 + xx) * 3 + k] = v / 127.5f - 1;
            }
        }
        Tensor images = Tensor.of(x, n, 32, 32, 3);
        try (BackendEngine engine = TestEngines.cpu()) {
            try (CompiledModel m = engine.compile(g, w, all, OptimizerSpec.sgd(0.1, 0),
                    CompileOptions.DEFAULTS.withBatchNorm(BatchNormMode.TRAIN))) {
                m.setLearningRate(0);
                System.out.println("DIAG loss moving " + m.loss(images, y));
                Tensor p = m.predict(images);
                int[] counts = new int[8]; int ok = 0;
                for (int i = 0; i < n; i++) { float[] row = p.row(i); int b = 0; for (int k = 1; k < 8; k++) if (row[k] > row[b]) b = k; counts[b]++; ok += b == y[i] ? 1 : 0; }
                System.out.println("DIAG predicted classes " + Arrays.toString(counts) + " acc " + ok / (double) n);
                System.out.println("DIAG loss batch " + m.trainStep(images, y, null));
            }
        }
    }
}
