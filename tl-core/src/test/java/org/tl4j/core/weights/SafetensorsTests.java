package org.tl4j.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tl4j.api.WeightsException;
import org.tl4j.api.graph.DepthwiseConv2D;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Input;
import org.tl4j.api.graph.Padding;
import org.tl4j.api.graph.Shape;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;

class SafetensorsTests {

    @TempDir
    Path dir;

    @Test
    void roundTripsNamesOrderShapesValuesAndMetadata() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("zeta/kernel", Tensor.of(new float[] {1.5f, -2f, Float.MIN_VALUE, Float.MAX_VALUE, -0f, 1e-30f},
                1, 1, 2, 3));
        m.put("alpha \"quoted\"/é", Tensor.of(new float[] {Float.NaN, Float.NEGATIVE_INFINITY}, 2));
        m.put("scalar", Tensor.of(new float[] {7f}));
        m.put("empty", Tensor.of(new float[0], 0, 3));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("tl4j.backbone", "mobilenet_v2 {\"alpha\": 0.35}\n\ttab");
        Path file = dir.resolve("w.safetensors");

        Safetensors.write(file, Weights.of(m), meta);
        Safetensors.Contents back = Safetensors.readContents(file);

        assertThat(back.weights().names()).containsExactlyElementsOf(m.keySet());
        m.forEach((k, v) -> assertThat(back.weights().get(k)).as(k).isEqualTo(v));
        assertThat(back.metadata()).containsExactlyEntriesOf(meta);
        assertThat(Safetensors.readMetadata(file)).isEqualTo(meta);
    }

    @Test
    void writesTheStandardLayout() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, Weights.of(Map.of("a", Tensor.of(new float[] {1f, 2f}, 2))), Map.of("k", "v"));

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);

        assertThat(n % 8).isZero();
        assertThat(header.strip()).isEqualTo("{\"__metadata__\":{\"k\":\"v\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
        assertThat(bytes).hasSize((int) (8 + n + 8));
        assertThat(b.getFloat((int) (8 + n))).isEqualTo(1f);
        assertThat(b.getFloat((int) (8 + n + 4))).isEqualTo(2f);
    }

    @Test
    void writesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("sub").resolve("w.safetensors");
        Safetensors.write(file, Weights.of(Map.of("a", Tensor.of(new float[] {1f}, 1))));
        Safetensors.write(file, Weights.of(Map.of("b", Tensor.of(new float[] {2f, 3f}, 2))));

        assertThat(Safetensors.read(file).names()).containsExactly("b");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectories(target);
        Files.writeString(target.resolve("inside"), "x");

        assertThatThrownBy(() -> Safetensors.write(target, Weights.of(Map.of("a", Tensor.of(new float[] {1f}, 1)))))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining(target + ": cannot write safetensors file");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void refusesATensorNamedLikeTheMetadata() {
        Weights w = Weights.of(Map.of(Safetensors.METADATA_KEY, Tensor.of(new float[] {1f}, 1)));

        assertThatThrownBy(() -> Safetensors.write(dir.resolve("x.safetensors"), w))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("cannot be named __metadata__");
    }

    @Test
    void readsOtherDtypesInDataOrderAndToleratesWhitespace() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(2 * 2 + 2 + 2 * 8 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3C00).putShort((short) 0xC000);  // F16 1, -2      bytes 0..4
        data.putShort((short) 0x3FC0);                            // BF16 1.5       bytes 4..6
        data.putDouble(0.25).putDouble(-1e10);                    // F64            bytes 6..22
        data.putLong(-7);                                         // I64            bytes 22..30
        data.putInt(42);                                          // I32            bytes 30..34
        String header = "{\n  \"i\" : {\"dtype\":\"I32\", \"shape\":[1,1], \"data_offsets\":[30,34]},\n"
                + "  \"h\\u00e9/\\\"x\\\"\" : {\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\n"
                + "  \"__metadata__\" : {\"format\" : \"pt\"},\n"
                + "  \"d\" : {\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[6,22]},\n"
                + "  \"b\" : {\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[4,6]},\n"
                + "  \"l\" : {\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[22,30]}\n}   ";
        Path file = file("ref.safetensors", header, data.array());

        Safetensors.Contents c = Safetensors.readContents(file);

        assertThat(c.weights().names()).containsExactly("hé/\"x\"", "b", "d", "l", "i");
        assertThat(c.weights().get("hé/\"x\"").data()).containsExactly(1f, -2f);
        assertThat(c.weights().get("b").data()).containsExactly(1.5f);
        assertThat(c.weights().get("b").shape()).isEmpty();
        assertThat(c.weights().get("d").data()).containsExactly(0.25f, -1e10f);
        assertThat(c.weights().get("l").data()).containsExactly(-7f);
        assertThat(c.weights().get("i").shape()).containsExactly(1, 1);
        assertThat(c.weights().get("i").data()).containsExactly(42f);
        assertThat(c.metadata()).containsExactly(Map.entry("format", "pt"));
    }

    @Test
    void convertsHalfPrecisionExactly() {
        assertThat(Safetensors.halfToFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(Safetensors.halfToFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(Safetensors.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(Safetensors.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Safetensors.halfToFloat((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f);
        assertThat(Safetensors.halfToFloat((short) 0x8000)).isEqualTo(-0f);
        assertThat(Safetensors.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Safetensors.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Safetensors.halfToFloat((short) 0x7E00)).isNaN();
    }

    static Stream<Arguments> corruptHeaders() {
        return Stream.of(
                arguments("not JSON", "{'a':", 0, "the header is not valid JSON"),
                arguments("JSON array", "[1,2]", 0, "the header is not a JSON object"),
                arguments("no dtype", "{'a':{'shape':[1],'data_offsets':[0,4]}}", 4, "tensor 'a' has no string"),
                arguments("unknown dtype", one("C64", "[1]", "[0,8]"), 8, "dtype C64, which tl4j cannot read"),
                arguments("negative dim", one("F32", "[-1]", "[0,4]"), 4, "expected non-negative integers"),
                arguments("float offset", one("F32", "[1]", "[0,4.0]"), 4, "expected non-negative integers"),
                arguments("one offset", one("F32", "[1]", "[4]"), 4, "expected 2 integers"),
                arguments("reversed", one("F32", "[0]", "[4,0]"), 4, "end before they begin"),
                arguments("size mismatch", one("F32", "[2]", "[0,4]"), 4,
                        "needs 8 bytes but its data_offsets [0, 4] span 4"),
                arguments("gap", one("F32", "[1]", "[4,8]"), 8, "tensor 'a' starts at byte 4 of the data, expected 0"),
                arguments("overlap", "{" + entry("a", "F32", "[1]", "[0,4]") + "," + entry("b", "F32", "[1]", "[2,6]")
                        + "}", 6, "tensor 'b' starts at byte 2"),
                arguments("truncated data", one("F32", "[4]", "[0,16]"), 8,
                        "cover 16 bytes of data but the file holds 8 (truncated)"),
                arguments("extra data", one("F32", "[1]", "[0,4]"), 8, "cover 4 bytes of data but the file holds 8"),
                arguments("metadata value", "{'__metadata__':{'k':1}}", 0,
                        "__metadata__ value of \"k\" is not a string"),
                arguments("metadata array", "{'__metadata__':[]}", 0, "__metadata__ is not a JSON object"),
                arguments("duplicate key", "{" + entry("a", "F32", "[0]", "[0,0]") + ",'a':{}}", 0, "duplicate key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptHeaders")
    void refusesCorruptHeadersNamingTheFileAndProblem(String label, String header, int dataBytes, String problem)
            throws IOException {
        Path file = file(label.replace(' ', '_') + ".safetensors", header.replace('\'', '"'), new byte[dataBytes]);

        assertThatThrownBy(() -> Safetensors.read(file))
                .isInstanceOf(WeightsException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void refusesFilesTooShortOrWithImpossibleHeaderLengths() throws IOException {
        Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
        Path huge = Files.write(dir.resolve("huge.safetensors"),
                ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        Path negative = Files.write(dir.resolve("neg.safetensors"),
                ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        Path empty = Files.createFile(dir.resolve("empty.safetensors"));

        assertThatThrownBy(() -> Safetensors.read(tiny)).hasMessageContaining("has only 3 bytes");
        assertThatThrownBy(() -> Safetensors.read(empty)).hasMessageContaining("has only 0 bytes");
        assertThatThrownBy(() -> Safetensors.read(huge))
                .hasMessageContaining("declares a header of 1099511627776 bytes but has 12 bytes");
        assertThatThrownBy(() -> Safetensors.read(negative))
                .hasMessageContaining("declares a header of 18446744073709551615 bytes");
    }

    @Test
    void refusesAHeaderThatIsNotUtf8() throws IOException {
        Path file = file("latin1.safetensors", "", new byte[0]);
        byte[] bad = {'{', '"', (byte) 0xE9, '"', ':', '1', '}', ' '};
        ByteBuffer b = ByteBuffer.allocate(8 + bad.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(bad.length).put(bad);
        Files.write(file, b.array());

        assertThatThrownBy(() -> Safetensors.read(file)).hasMessageContaining("the header is not valid UTF-8");
    }

    @Test
    void refusesATruncatedWrittenFile() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, Weights.of(Map.of("a", Tensor.of(new float[100], 10, 10))));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));

        assertThatThrownBy(() -> Safetensors.read(file))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("cover 400 bytes of data but the file holds 399 (truncated)");
    }

    @Test
    void namesAMissingFile() {
        Path missing = dir.resolve("missing.safetensors");

        assertThatThrownBy(() -> Safetensors.read(missing))
                .hasMessageContaining(missing + ": no such safetensors file");
    }

    @Test
    void weightFormatReadsSafetensorsCheckedAgainstTheGraph() {
        Weights h5 = KerasH5Reader.read(TinyNet.fixture("tiny_root.h5"), TinyNet.graph());
        Path file = dir.resolve("tiny.safetensors");
        Safetensors.write(file, h5);

        assertThat(WeightFormat.require(file).read(file, TinyNet.graph()).asMap()).isEqualTo(h5.asMap());
        assertThatThrownBy(() -> WeightFormat.SAFETENSORS.read(file, KerasH5ReaderTests.graph("g", 1)))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("missing weight 'c0/kernel'");
        assertThat(WeightFormat.of(Path.of("x.weights.h5"))).contains(WeightFormat.KERAS_H5);
        assertThat(WeightFormat.of(Path.of("X.HDF5"))).contains(WeightFormat.KERAS_H5);
        assertThat(WeightFormat.of(Path.of("x.bin"))).isEmpty();
        assertThatThrownBy(() -> WeightFormat.require(Path.of("x.bin")))
                .hasMessageContaining("unknown weight file type");
    }

    /** Keras 3 calls a depthwise kernel {@code kernel}; a file written from its variable paths reads all the same. */
    @Test
    void readsKeras3sNameOfADepthwiseKernel() {
        Graph graph = Graph.of("dw", List.of(new Input("input", Shape.of(4, 4, 2)),
                DepthwiseConv2D.of("dw", "input", 3, 1, Padding.SAME, false)));
        Tensor kernel = Tensor.of(new float[18], 3, 3, 2, 1);
        Path keras3 = dir.resolve("keras3.safetensors");
        Safetensors.write(keras3, Weights.of(Map.of("dw/kernel", kernel)));
        Path keras2 = dir.resolve("keras2.safetensors");
        Safetensors.write(keras2, Weights.of(Map.of("dw/depthwise_kernel", kernel)));

        assertThat(WeightFormat.SAFETENSORS.read(keras3, graph).names()).containsExactly("dw/depthwise_kernel");
        assertThat(WeightFormat.SAFETENSORS.read(keras2, graph).names()).containsExactly("dw/depthwise_kernel");
    }

    /** A header with the single tensor {@code a}, in JSON with single quotes (replaced before writing). */
    private static String one(String dtype, String shape, String offsets) {
        return "{" + entry("a", dtype, shape, offsets) + "}";
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "'" + name + "':{'dtype':'" + dtype + "','shape':" + shape + ",'data_offsets':" + offsets + "}";
    }

    private Path file(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        out.write(data);
        return Files.write(dir.resolve(name), out.toByteArray());
    }
}
