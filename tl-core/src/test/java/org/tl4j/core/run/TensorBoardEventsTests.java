package org.tl4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.core.train.EpochMetrics;

class TensorBoardEventsTests {
    @TempDir
    Path dir;

    @Test
    void maskedCrcIsTensorFlowsOnTheStandardCheckString() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        // CRC-32C("123456789") = 0xE3069283 (RFC 3720); masked: rotate right 15, add 0xa282ead8
        assertThat(TensorBoardEvents.maskedCrc(check, 0, check.length)).isEqualTo(0xc78ab0e5);
    }

    @Test
    void eventFilesHoldAVersionRecordThenOneSummaryPerEpochWithKerasTags() throws IOException {
        TensorBoardEvents events = TensorBoardEvents.create(dir);
        events.epoch(new EpochMetrics(1, "fine-tune", 0.001, 0.75, Double.NaN, 0.5, 0.8, 1, 2));
        events.epoch(new EpochMetrics(2, "fine-tune", 0.0005, 0.25, Double.NaN, 0.375, 0.9, 1, 2));
        List<Map<String, Object>> train = read(only(dir.resolve("tensorboard/train")));
        List<Map<String, Object>> validation = read(only(dir.resolve("tensorboard/validation")));
        assertThat(train).hasSize(3);
        assertThat(train.get(0)).containsEntry("file_version", "brain.Event:2");
        assertThat(train.get(1)).containsEntry("step", 1L).containsEntry("epoch_loss", 0.75f)
                .containsEntry("epoch_learning_rate", 0.001f).doesNotContainKey("epoch_accuracy");
        assertThat(train.get(2)).containsEntry("step", 2L).containsEntry("epoch_loss", 0.25f);
        assertThat(validation.get(2)).containsEntry("epoch_loss", 0.375f).containsEntry("epoch_accuracy", 0.9f)
                .containsEntry("epoch_top_k_accuracy", 1f);
        assertThat((double) train.get(1).get("wall_time")).isGreaterThan(1.7e9);
        assertThat(only(dir.resolve("tensorboard/train")).getFileName().toString())
                .startsWith("events.out.tfevents.");
    }

    private static Path only(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** Reads TFRecords, checking both CRCs, and decodes the Event fields this writer uses. */
    private static List<Map<String, Object>> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Map<String, Object>> out = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] header = new byte[8];
            b.get(header);
            assertThat(b.getInt()).isEqualTo(TensorBoardEvents.maskedCrc(header, 0, 8));
            byte[] data = new byte[(int) ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong()];
            b.get(data);
            assertThat(b.getInt()).isEqualTo(TensorBoardEvents.maskedCrc(data, 0, data.length));
            out.add(event(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN)));
        }
        return out;
    }

    private static Map<String, Object> event(ByteBuffer b) {
        Map<String, Object> m = new LinkedHashMap<>();
        while (b.hasRemaining()) {
            long key = varint(b);
            int field = (int) (key >>> 3);
            switch (field) {
                case 1 -> m.put("wall_time", b.getDouble());
                case 2 -> m.put("step", varint(b));
                case 3 -> m.put("file_version", new String(bytes(b), StandardCharsets.UTF_8));
                case 5 -> summary(ByteBuffer.wrap(bytes(b)).order(ByteOrder.LITTLE_ENDIAN), m);
                default -> throw new AssertionError("unexpected field " + field);
            }
        }
        return m;
    }

    private static void summary(ByteBuffer b, Map<String, Object> m) {
        while (b.hasRemaining()) {
            assertThat(varint(b)).isEqualTo(1 << 3 | 2);
            ByteBuffer value = ByteBuffer.wrap(bytes(b)).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(varint(value)).isEqualTo(1 << 3 | 2);
            String tag = new String(bytes(value), StandardCharsets.UTF_8);
            assertThat(varint(value)).isEqualTo(2 << 3 | 5);
            m.put(tag, value.getFloat());
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[(int) varint(b)];
        b.get(out);
        return out;
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b.get() & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return v;
            }
        }
    }
}
