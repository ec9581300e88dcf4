package org.tl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DescribeCommandTests {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keras's own layer table, from the test resources (provenance in keras-layers/README.md). */
    static Path kerasTable(String file) throws IOException {
        URL url = DescribeCommandTests.class.getResource("/keras-layers/" + file);
        assertThat(url).as("test resource keras-layers/" + file).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    @Test
    void jsonMatchesKerasLayerForLayerAtSize160() throws IOException {
        CliRun r = CliRun.of("describe", "mobilenet_v2", "--input", "160", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode ours = JSON.readTree(r.out());
        assertThat(ours.get("params").asLong()).isEqualTo(2_257_984L);
        assertThat(ours.get("output_shape").toString()).isEqualTo("[5,5,1280]");
        Path keras = kerasTable("mobilenet_v2_160_1.0.json");
        JsonNode ref = JSON.readTree(keras.toFile());
        JsonNode refLayers = ref.get("layers");
        JsonNode ourLayers = ours.get("layers");
        assertThat(ourLayers.size()).isEqualTo(refLayers.size());
        for (int i = 0; i < refLayers.size(); i++) {
            JsonNode k = refLayers.get(i);
            JsonNode o = ourLayers.get(i);
            String at = "layer " + i + " " + k.get("name").asText();
            assertThat(o.get("name").asText()).as(at).isEqualTo(k.get("name").asText());
            assertThat(o.get("type").asText()).as(at).isEqualTo(k.get("class").asText());
            JsonNode kShape = k.get("output_shape");
            assertThat(o.get("output_shape").toString()).as(at)
                    .isEqualTo(kShape.toString().replaceFirst("^\\[null,", "["));
            JsonNode kw = k.get("weights");
            JsonNode ow = o.get("weights");
            assertThat(ow.size()).as(at).isEqualTo(kw.size());
            for (int j = 0; j < kw.size(); j++) {
                String kName = kw.get(j).get(0).asText();
                String oName = ow.get(j).get(0).asText();
                // Keras 3 calls the depthwise kernel `kernel`; every published weight file says `depthwise_kernel`
                assertThat(oName.replace("/depthwise_kernel", "/kernel")).as(at).isEqualTo(kName);
                assertThat(ow.get(j).get(1).toString()).as(at).isEqualTo(kw.get(j).get(1).toString());
            }
        }
        assertThat(ours.get("params").asLong()).isEqualTo(ref.get("n_params").asLong());
    }

    @Test
    void textTableHasTotals() {
        CliRun r = CliRun.of("describe", "vgg16", "--input", "224");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("block5_pool").contains("14,714,688");
    }
}
