package org.tl4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tl4j.api.TlException;
import org.tl4j.api.config.CropMode;
import org.tl4j.api.config.IccProfiles;
import org.tl4j.api.config.JpegDecoding;
import org.tl4j.spi.Preprocessing;

/**
 * {@code manifest.json} as bundles hold it. {@code manifest/tl4j-0.1-manifest.json} is a manifest in the layout the
 * positional {@code Manifest} of tl4j 0.1 wrote (its {@code toMap} through {@link JsonText#pretty}), before the run's
 * JPEG decoder was recorded: every bundle made before must still open, with the decoder it was trained with.
 */
class ManifestTests {
    private static String oldManifest() throws IOException {
        try (InputStream in = ManifestTests.class.getResourceAsStream("/manifest/tl4j-0.1-manifest.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Manifest parse(String json) {
        return Manifest.fromConfig(JsonText.parse(json), "model/manifest.json");
    }

    @Test
    void aManifestWrittenBeforeTheDecoderWasRecordedLoadsWithTensorFlowsDecoder() throws IOException {
        Manifest m = parse(oldManifest());
        assertThat(m.jpegDecoder()).isEqualTo(JpegDecoding.TENSORFLOW);
        assertThat(m.icc()).isEqualTo(IccProfiles.IGNORE);
        assertThat(m.crop()).isEqualTo(CropMode.CENTER);
        assertThat(m.preprocessing()).isEqualTo(Preprocessing.TF);
        assertThat(m.backbone()).isEqualTo(new Manifest.BackboneSection("mobilenet_v2", 32, 32, 0.35, "{}", "none",
                ""));
        assertThat(m.head().layers()).hasSize(2);
        assertThat(m.backend()).isEqualTo(new Manifest.BackendSection("tensorflow", "TensorFlow 2.18.0", "cpu"));
        assertThat(m.labels()).containsExactly("daisy", "roses", "tulips");
        assertThat(m.seed()).isEqualTo(42);
        assertThat(m.bestEpoch()).isEqualTo(2);
    }

    @Test
    void aManifestReadAndWrittenAgainIsTheSameBytes() throws IOException {
        String old = oldManifest();
        assertThat(JsonText.pretty(parse(old).toMap())).isEqualTo(old);
    }

    @Test
    void anotherDecoderIsRecordedAfterTheCropAndReadBack() throws IOException {
        String accurate = oldManifest().replace("\"crop\": \"center\",",
                "\"crop\": \"center\",\n  \"jpegDecoder\": \"accurate\",\n  \"icc\": \"apply\",");
        Manifest m = parse(accurate);
        assertThat(m.jpegDecoder()).isEqualTo(JpegDecoding.ACCURATE);
        assertThat(m.icc()).isEqualTo(IccProfiles.APPLY);
        assertThat(JsonText.pretty(m.toMap())).isEqualTo(accurate);
    }

    @Test
    void anUnknownDecoderOrAMissingSectionNamesTheManifestAndTheKey() throws IOException {
        String bad = oldManifest().replace("\"crop\": \"center\",", "\"crop\": \"center\",\n  \"jpegDecoder\": \"x\",");
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(TlException.class)
                .hasMessageContaining("model/manifest.json is not a valid tl4j model manifest")
                .hasMessageContaining("jpegDecoder").hasMessageContaining("'x' is not one of tensorflow, accurate");
        String noHead = oldManifest().replace("\"head\": {", "\"header\": {");
        assertThatThrownBy(() -> parse(noHead)).hasMessageContaining("not a valid tl4j model manifest")
                .hasMessageContaining("head");
    }
}
