package org.tl4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.core.train.EpochMetrics;

class RunOutputsTests {
    @TempDir
    Path dir;

    @Test
    void npyHeaderIsNumpyFormatOnePointZero() throws Exception {
        Path f = dir.resolve("x.npy");
        NpyWriter.write(f, new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, 2, 3);
        byte[] b = Files.readAllBytes(f);
        assertThat(b[0] & 0xff).isEqualTo(0x93);
        assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertThat((10 + headerLen) % 64).isZero();
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
        assertThat(ByteBuffer.wrap(b, 10 + headerLen, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat()).isEqualTo(1.5f);
        assertThat(b.length).isEqualTo(10 + headerLen + 24);
        assertThat(new String(NpyWriter.header(5), StandardCharsets.US_ASCII)).contains("'shape': (5,)");
    }

    @Test
    void metricsFilesAreRewrittenWhole() throws Exception {
        RunDirectory d = RunDirectory.at(dir.resolve("run"));
        d.writeMetrics(List.of(new EpochMetrics(1, "fe", 0.1, 0.5, Double.NaN, 0.4, 0.7, 1, 1)));
        assertThat(Files.readAllLines(d.metricsCsv())).containsExactly(
                "epoch,phase,learning_rate,loss,accuracy,val_loss,val_accuracy,val_top_k,seconds",
                "1,fe,0.1,0.5,,0.4,0.7,1.0,1.0");
        Map<String, Object> row = new LinkedHashMap<>(d.readMetrics().get(0));
        assertThat(row).containsEntry("epoch", 1).containsEntry("accuracy", null).containsEntry("val_loss", 0.4);
        RunDirectory second = RunDirectory.create(dir.resolve("runs"), "a/b c");
        RunDirectory third = RunDirectory.create(dir.resolve("runs"), "a/b c");
        assertThat(second.dir()).isNotEqualTo(third.dir());
        assertThat(second.dir().getFileName().toString()).endsWith("-a_b_c");
    }
}
