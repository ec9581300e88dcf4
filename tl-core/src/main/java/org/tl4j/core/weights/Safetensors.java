package org.tl4j.core.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tl4j.api.WeightsException;
import org.tl4j.api.tensor.Tensor;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.json.Json;

/**
 * Reads and writes the safetensors format, tl4j's own weight format: an 8-byte little-endian header length, a JSON
 * header mapping each tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (plus an optional
 * {@code __metadata__} map of strings), then the raw little-endian tensor bytes, back to back.
 *
 * <p>Writing produces float32 ({@code F32}) tensors in the order of the {@link Weights} and replaces the target
 * atomically (a temporary file in the same folder, renamed into place). Reading accepts {@code F32}, {@code F16},
 * {@code BF16}, {@code F64}, {@code I64}, {@code I32}, {@code I16}, {@code I8}, {@code U8} and {@code BOOL} and
 * converts them to float32; the header is validated as strictly as the reference implementation does (offsets
 * contiguous, sizes consistent, no bytes unaccounted for).
 */
public final class Safetensors {
    /** The header key of the free-form string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** Largest header accepted, as in the reference implementation. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final int IO_CHUNK = 1 << 20;

    private Safetensors() {
    }

    /**
     * The tensors and the metadata of one file.
     *
     * @param weights  the tensors, in the order of their data in the file
     * @param metadata the {@code __metadata__} map (empty when absent), unmodifiable
     */
    public record Contents(Weights weights, Map<String, String> metadata) {
        public Contents {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** Reads every tensor of a file. */
    public static Weights read(Path file) {
        return readContents(file).weights();
    }

    /** Reads every tensor and the metadata of a file. */
    public static Contents readContents(Path file) {
        try (FileChannel ch = open(file)) {
            Header h = header(ch, file);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : h.entries()) {
                tensors.put(e.name(), e.read(ch, h.dataStart(), file));
            }
            return new Contents(Weights.of(tensors), h.metadata());
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read safetensors file: " + e, e);
        }
    }

    /** Reads only the {@code __metadata__} map of a file (empty when absent); the tensor data is not read. */
    public static Map<String, String> readMetadata(Path file) {
        try (FileChannel ch = open(file)) {
            return Collections.unmodifiableMap(header(ch, file).metadata());
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read safetensors file: " + e, e);
        }
    }

    /** Writes {@code weights} as float32 tensors with no metadata, replacing {@code file} atomically. */
    public static void write(Path file, Weights weights) {
        write(file, weights, Map.of());
    }

    /**
     * Writes {@code weights} as float32 tensors, in their order, with {@code metadata} as the {@code __metadata__}
     * map, replacing {@code file} atomically; the folder is created when missing.
     */
    public static void write(Path file, Weights weights, Map<String, String> metadata) {
        byte[] header = headerBytes(weights, metadata);
        try {
            AtomicFiles.write(file, ch -> {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(header));
                ByteBuffer buf = ByteBuffer.allocate(IO_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : weights.asMap().values()) {
                    writeFloats(ch, t.data(), buf);
                }
            });
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot write safetensors file: " + e, e);
        }
    }

    private static byte[] headerBytes(Weights weights, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            metadata.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new WeightsException("safetensors metadata cannot hold null keys or values: " + k + "=" + v);
                }
                meta.put(k, v);
            });
            header.put(METADATA_KEY, meta);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : weights.asMap().entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                throw new WeightsException("a tensor cannot be named " + METADATA_KEY + " in a safetensors file");
            }
            Tensor t = e.getValue();
            long end = offset + 4L * t.size();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", DType.F32.name());
            info.put("shape", Arrays.stream(t.shape()).mapToObj(d -> (Object) (long) d).toList());
            info.put("data_offsets", List.of(offset, end));
            header.put(e.getKey(), info);
            offset = end;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new WeightsException(file + ": no such safetensors file", e);
        }
    }

    private static Header header(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw corrupt(file, "the file has only " + size + " bytes, too few for a safetensors header");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file);
        long n = lenBuf.getLong(0);
        if (n < 2 || n > MAX_HEADER_BYTES || n > size - 8) {
            throw corrupt(file, "it declares a header of " + Long.toUnsignedString(n) + " bytes but has " + size
                    + " bytes in all (truncated, or not a safetensors file)");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8, file);
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb.flip()).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "the header is not valid UTF-8");
        }
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "the header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw corrupt(file, "the header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = (String) e.getKey();
            if (key.equals(METADATA_KEY)) {
                metadata = metadata(e.getValue(), file);
            } else {
                entries.add(Entry.parse(key, e.getValue(), file));
            }
        }
        long dataStart = 8 + n;
        checkOffsets(entries, size - dataStart, file);
        return new Header(entries, metadata, dataStart);
    }

    private static Map<String, String> metadata(Object value, Path file) {
        if (!(value instanceof Map<?, ?> map)) {
            throw corrupt(file, METADATA_KEY + " is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw corrupt(file, METADATA_KEY + " value of \"" + e.getKey() + "\" is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    /** Sorts by offset and checks that the tensors tile the data section exactly, as the reference reader does. */
    private static void checkOffsets(List<Entry> entries, long dataLength, Path file) {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin() != expected) {
                throw corrupt(file, "tensor '" + e.name() + "' starts at byte " + e.begin() + " of the data, expected "
                        + expected + " (overlapping or missing data)");
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw corrupt(file, "the tensors cover " + expected + " bytes of data but the file holds " + dataLength
                    + (expected > dataLength ? " (truncated)" : ""));
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw corrupt(file, "the file ends at byte " + pos + ", before the data it declares");
            }
            pos += r;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void writeFloats(FileChannel ch, float[] data, ByteBuffer buf) throws IOException {
        int perChunk = buf.capacity() / 4;
        for (int from = 0; from < data.length; from += perChunk) {
            int n = Math.min(perChunk, data.length - from);
            buf.clear();
            buf.asFloatBuffer().put(data, from, n);
            buf.limit(n * 4);
            writeFully(ch, buf);
        }
    }

    private static WeightsException corrupt(Path file, String problem) {
        return new WeightsException(file + ": not a valid safetensors file: " + problem);
    }

    private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    /** One tensor of the header. */
    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {

        static Entry parse(String name, Object value, Path file) {
            if (!(value instanceof Map<?, ?> info)) {
                throw corrupt(file, "the entry of tensor '" + name + "' is not a JSON object");
            }
            if (!(info.get("dtype") instanceof String dtypeName)) {
                throw corrupt(file, "tensor '" + name + "' has no string \"dtype\"");
            }
            DType dtype = DType.of(dtypeName, name, file);
            long[] shape = longs(info.get("shape"), -1, "shape", name, file);
            long[] offsets = longs(info.get("data_offsets"), 2, "data_offsets", name, file);
            if (offsets[1] < offsets[0]) {
                throw corrupt(file, "tensor '" + name + "' has data_offsets " + Arrays.toString(offsets)
                        + " that end before they begin");
            }
            long count = 1;
            int[] dims = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] > Integer.MAX_VALUE) {
                    throw corrupt(file, "tensor '" + name + "' has dimension " + shape[i] + ", too large");
                }
                dims[i] = (int) shape[i];
                count = Math.multiplyHigh(count, shape[i]) != 0 ? Long.MAX_VALUE : count * shape[i];
            }
            if (count > Integer.MAX_VALUE) {
                throw corrupt(file, "tensor '" + name + "' has " + count + " elements, more than tl4j can hold");
            }
            if (count * dtype.bytes != offsets[1] - offsets[0]) {
                throw corrupt(file, "tensor '" + name + "' of shape " + Arrays.toString(shape) + " and dtype "
                        + dtype + " needs " + count * dtype.bytes + " bytes but its data_offsets "
                        + Arrays.toString(offsets) + " span " + (offsets[1] - offsets[0]));
            }
            return new Entry(name, dtype, dims, offsets[0], offsets[1]);
        }

        private static long[] longs(Object value, int length, String field, String name, Path file) {
            if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
                throw corrupt(file, "tensor '" + name + "' has no valid \"" + field + "\""
                        + (length >= 0 ? " (expected " + length + " integers)" : " (expected a list of integers)"));
            }
            long[] out = new long[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Long l) || l < 0) {
                    throw corrupt(file, "tensor '" + name + "' has \"" + field + "\" " + list
                            + "; expected non-negative integers");
                }
                out[i] = l;
            }
            return out;
        }

        Tensor read(FileChannel ch, long dataStart, Path file) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, buf, dataStart + begin, file);
            buf.flip();
            return Tensor.of(dtype.toFloats(buf, (int) ((end - begin) / dtype.bytes)), shape);
        }
    }

    /** The element types the reader understands, with their size in bytes. */
    private enum DType {
        F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        static DType of(String name, String tensor, Path file) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new WeightsException(file + ": tensor '" + tensor + "' has dtype " + name
                        + ", which tl4j cannot read (supported: " + Arrays.toString(values()) + ")");
            }
        }

        float[] toFloats(ByteBuffer buf, int n) {
            float[] out = new float[n];
            switch (this) {
                case F32 -> buf.asFloatBuffer().get(out);
                case F64 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) buf.getDouble();
                    }
                }
                case F16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = halfToFloat(buf.getShort());
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                    }
                }
                case I64 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = buf.getLong();
                    }
                }
                case I32 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = buf.getInt();
                    }
                }
                case I16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = buf.getShort();
                    }
                }
                case I8 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = buf.get();
                    }
                }
                case U8, BOOL -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = buf.get() & 0xff;
                    }
                }
                default -> throw new IllegalStateException(name());
            }
            return out;
        }
    }

    /** IEEE 754 half precision to float, subnormals, infinities and NaN included. */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
