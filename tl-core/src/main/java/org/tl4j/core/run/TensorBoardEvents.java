package org.tl4j.core.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.tl4j.api.TlException;
import org.tl4j.core.train.EpochMetrics;

/**
 * TensorBoard scalar event files written without TensorFlow: {@code RUN/tensorboard/train} and
 * {@code RUN/tensorboard/validation}, one event per metric and epoch, as Keras's TensorBoard callback lays them out
 * (tags {@code epoch_loss}, {@code epoch_accuracy}, {@code epoch_learning_rate}; {@code epoch_top_k_accuracy} for
 * validation), so that {@code tensorboard --logdir runs} draws training and validation in one chart. The step is the
 * 1-based epoch of {@code metrics.csv}; values that were not measured (NaN) are left out.
 *
 * <p>The format is TFRecord framing (length, masked CRC-32C of the length, an {@code Event} protocol buffer, masked
 * CRC-32C of the data) around {@code Event} messages encoded here by hand: a first event with
 * {@code file_version = "brain.Event:2"}, then events with a {@code Summary} of {@code simple_value}s (float32, as
 * TensorBoard stores scalars). Each epoch is appended and flushed, so a running TensorBoard follows the run.
 */
public final class TensorBoardEvents {
    /** The folder inside a run folder. */
    public static final String FOLDER = "tensorboard";

    private static final int MASK_DELTA = 0xa282ead8;

    private final Path train;
    private final Path validation;

    private TensorBoardEvents(Path train, Path validation) {
        this.train = train;
        this.validation = validation;
    }

    /** Starts new event files in {@code runDir/tensorboard/{train,validation}}, each with its version record. */
    public static TensorBoardEvents create(Path runDir) {
        long now = System.currentTimeMillis();
        String name = "events.out.tfevents." + now / 1000 + ".tl4j." + ProcessHandle.current().pid() + ".v2";
        Path root = runDir.resolve(FOLDER);
        TensorBoardEvents events = new TensorBoardEvents(root.resolve("train").resolve(name),
                root.resolve("validation").resolve(name));
        byte[] version = event(now / 1000.0, 0, out -> string(out, 3, "brain.Event:2"));
        events.append(events.train, version);
        events.append(events.validation, version);
        return events;
    }

    /** Appends one epoch's scalars. */
    public void epoch(EpochMetrics e) {
        double wallTime = System.currentTimeMillis() / 1000.0;
        append(train, summary(wallTime, e.epoch(), new String[] {"epoch_loss", "epoch_accuracy",
            "epoch_learning_rate"}, new double[] {e.loss(), e.accuracy(), e.learningRate()}));
        append(validation, summary(wallTime, e.epoch(), new String[] {"epoch_loss", "epoch_accuracy",
            "epoch_top_k_accuracy"}, new double[] {e.valLoss(), e.valAccuracy(), e.valTopK()}));
    }

    private void append(Path file, byte[] event) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                out.write(record(event));
            }
        } catch (IOException e) {
            throw new TlException("cannot write the TensorBoard event file " + file + ": " + e.getMessage(), e);
        }
    }

    /** One TFRecord: length, masked CRC of the length, the data, masked CRC of the data (all little-endian). */
    static byte[] record(byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data.length);
        b.putInt(maskedCrc(b.array(), 0, 8));
        b.put(data);
        b.putInt(maskedCrc(data, 0, data.length));
        return b.array();
    }

    /** TFRecord's masked CRC-32C: the CRC rotated right by 15 bits plus a constant. */
    static int maskedCrc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    private static byte[] summary(double wallTime, long step, String[] tags, double[] values) {
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        for (int i = 0; i < tags.length; i++) {
            if (Double.isFinite(values[i])) {
                ByteArrayOutputStream value = new ByteArrayOutputStream();
                string(value, 1, tags[i]);
                tag(value, 2, 5);
                value.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                        .putFloat((float) values[i]).array());
                bytes(summary, 1, value.toByteArray());
            }
        }
        return event(wallTime, step, out -> bytes(out, 5, summary.toByteArray()));
    }

    /** An {@code Event}: wall_time (1, double), step (2, int64), then the given fields. */
    private static byte[] event(double wallTime, long step, Consumer<ByteArrayOutputStream> rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tag(out, 1, 1);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(wallTime).array());
        tag(out, 2, 0);
        varint(out, step);
        rest.accept(out);
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, int field, String s) {
        bytes(out, field, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] b) {
        tag(out, field, 2);
        varint(out, b.length);
        out.writeBytes(b);
    }

    private static void tag(ByteArrayOutputStream out, int field, int wireType) {
        varint(out, (long) field << 3 | wireType);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
