package org.tl4j.spark;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.broadcast.Broadcast;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.registry.Registry;
import org.tl4j.core.run.FeatureExport;
import org.tl4j.core.run.FeaturePass;
import org.tl4j.core.weights.Safetensors;

/**
 * What an executor needs to rebuild the driver's {@link FeaturePass}: the resolved config (as JSON text) and the
 * base weights, broadcast once as safetensors bytes (an executor cannot read the driver's files, nor should each
 * one download ImageNet weights). The key identifies the pass in an executor's {@link ExecutorEngines}.
 *
 * @param key     the config and the weights' digest: equal keys build equal passes
 * @param config  the resolved {@code tl4j} config as JSON
 * @param weights the base weights as a safetensors file's bytes, fetched by an executor only when it has no engine
 *                for the key yet
 */
record ShippedPass(String key, String config, Broadcast<byte[]> weights) implements Serializable {

    /** The driver's side: resolves the weights (reading or downloading them) and broadcasts them. */
    static ShippedPass of(org.apache.spark.sql.SparkSession spark, RunConfig config) {
        FeaturePass pass = FeaturePass.of(config, Registry.discover(), FeatureExport.Pooling.POOL);
        String json = config.source().root().render(ConfigRenderOptions.concise());
        byte[] bytes = safetensorsBytes(pass.weights());
        Broadcast<byte[]> shipped = spark.sparkContext().broadcast(bytes,
                scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
        return new ShippedPass(json + "\n" + pass.space().id(), json, shipped);
    }

    /** The executor's side: the pass, on the weights from the broadcast. */
    FeaturePass rebuild() {
        RunConfig rc = RunConfig.from(ConfigFactory.parseString(config));
        return FeaturePass.of(rc, Registry.discover(), FeatureExport.Pooling.POOL, readSafetensors(weights.value()));
    }

    private static byte[] safetensorsBytes(Weights w) {
        try {
            Path tmp = Files.createTempFile("tl4j-spark-", ".safetensors");
            try {
                Safetensors.write(tmp, w);
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the base weights for the executors", e);
        }
    }

    private static Weights readSafetensors(byte[] bytes) {
        try {
            Path tmp = Files.createTempFile("tl4j-spark-", ".safetensors");
            try {
                Files.write(tmp, bytes);
                return Safetensors.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the base weights shipped to this executor", e);
        }
    }
}
