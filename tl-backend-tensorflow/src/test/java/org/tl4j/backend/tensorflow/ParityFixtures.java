package org.tl4j.backend.tensorflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.tl4j.api.graph.ActivationFn;
import org.tl4j.api.graph.Dense;
import org.tl4j.api.graph.Dropout;
import org.tl4j.api.graph.GlobalAveragePool;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.GraphBuilder;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.backbones.MobileNetV2Backbone;
import org.tl4j.backbones.ResNet50Backbone;
import org.tl4j.backbones.Vgg16Backbone;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;

/**
 * The parity fixtures written by {@code src/test/resources/parity/make_parity_fixtures.py}: PyTorch (float64) runs of
 * the three Keras backbones, rebuilt there from the Keras spec, with the weights of
 * {@link org.tl4j.api.weights.Initializers#parity}.
 */
final class ParityFixtures {
    private static final String DIR = "/parity/";
    private static final Properties INDEX = load();

    /** One fixture: a backbone spec (and optionally a head), its input and PyTorch's output. */
    record Case(String name, String backbone, BackboneSpec spec, double gain, int headUnits, Tensor input,
            Tensor expected) {

        /** The graph the fixture ran: the backbone, followed by the linear head when it has one. */
        Graph graph() {
            Graph base = ParityFixtures.backbone(backbone).graph(spec);
            return headUnits == 0 ? base : base.then(linearHead(base.outputShape(), headUnits));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private ParityFixtures() {
    }

    static long seed() {
        return Long.parseLong(INDEX.getProperty("seed"));
    }

    static List<Case> cases() {
        return Arrays.stream(INDEX.getProperty("cases").split(",")).map(ParityFixtures::load).toList();
    }

    static Case load(String name) {
        String backbone = get(name + ".backbone");
        int[] in = ints(get(name + ".inputShape"));
        return new Case(name, backbone, BackboneSpec.of(in[1], in[2], Double.parseDouble(get(name + ".alpha"))),
                Double.parseDouble(get(name + ".gain")), Integer.parseInt(get(name + ".head")),
                Tensor.of(floats(get(name + ".input")), in),
                Tensor.of(floats(name + ".output.f32"), ints(get(name + ".output"))));
    }

    /** The float32 bit patterns of {@code Initializers.uniform("check", 0..3, seed)} as the script computed them. */
    static int[] checkBits() {
        return Arrays.stream(get("check.uniform").split(",")).mapToInt(h -> Integer.parseUnsignedInt(h, 16)).toArray();
    }

    static Backbone backbone(String id) {
        return switch (id) {
            case MobileNetV2Backbone.ID -> new MobileNetV2Backbone();
            case ResNet50Backbone.ID -> new ResNet50Backbone();
            case Vgg16Backbone.ID -> new Vgg16Backbone();
            default -> throw new IllegalArgumentException(id);
        };
    }

    /** The script's head: global average pooling, dropout, and a softmax Dense named {@code predictions}. */
    static Graph linearHead(Shape features, int units) {
        GraphBuilder b = Graph.builder("head");
        String x = b.add(new Input("features", features));
        x = b.add(new GlobalAveragePool("global_average_pooling2d", x));
        x = b.add(new Dropout("dropout", x, 0.2));
        b.add(new Dense("predictions", x, units, true, ActivationFn.SOFTMAX));
        return b.build();
    }

    private static String get(String key) {
        String v = INDEX.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("parity/index.properties has no " + key);
        }
        return v;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static float[] floats(String file) {
        try (InputStream in = ParityFixtures.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + DIR + file);
            }
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load() {
        try (InputStream in = ParityFixtures.class.getResourceAsStream(DIR + "index.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
