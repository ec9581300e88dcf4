package org.tl4j.core.run;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;
import org.tl4j.api.TlException;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.graph.Node;
import org.tl4j.api.weights.Weights;
import org.tl4j.core.data.ContentHash;
import org.tl4j.core.weights.Safetensors;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;

/**
 * A trained model on disk: {@code manifest.json} (provenance and recipe), {@code model.safetensors} (every weight of
 * the feature graph and the head) and {@code labels.txt}. Self-contained: predicting needs no other file.
 *
 * @param dir      the bundle folder
 * @param manifest the manifest
 * @param weights  every weight
 */
public record ModelBundle(Path dir, Manifest manifest, Weights weights) {
    /** The manifest's file name. */
    public static final String MANIFEST = "manifest.json";
    /** The weights' file name. */
    public static final String WEIGHTS = "model.safetensors";

    /** Writes a bundle; the weights file's digest is filled into the manifest. */
    public static ModelBundle write(Path dir, Manifest draft, Weights weights) {
        try {
            Files.createDirectories(dir);
            Path wf = dir.resolve(WEIGHTS);
            Safetensors.write(wf, weights, java.util.Map.of("format", Manifest.FORMAT));
            String sha = ContentHash.sha256(Files.readAllBytes(wf));
            Manifest m = draft.withWeightsFile(WEIGHTS, sha);
            writeAtomically(dir.resolve(MANIFEST), JsonText.pretty(m.toMap()));
            writeAtomically(dir.resolve("labels.txt"), String.join("\n", m.labels()) + "\n");
            return new ModelBundle(dir, m, weights);
        } catch (IOException e) {
            throw new TlException("cannot write the model bundle " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The bundle folder {@code path} names: itself, or the {@code model/} folder of a run folder. */
    public static Path folder(Path path) {
        Path inRun = path.resolve("model");
        return Files.isRegularFile(inRun.resolve(MANIFEST)) ? inRun : path;
    }

    /** Reads a bundle folder, checking the weights file against the manifest's digest and its values for NaN. */
    public static ModelBundle read(Path dir) {
        Path mf = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(mf)) {
            throw new TlException(dir + " is not a tl4j model bundle: " + MANIFEST + " is missing (a run's bundle is"
                    + " in RUN_DIR/model)");
        }
        Manifest m = Manifest.fromConfig(JsonText.read(mf), mf.toString());
        Path wf = dir.resolve(m.weightsFile()).normalize();
        if (!wf.startsWith(dir.normalize()) || wf.equals(dir.normalize())) {
            throw new TlException(mf + ": weightsFile '" + m.weightsFile() + "' points outside the bundle; a bundle's"
                    + " files stay inside its folder");
        }
        try {
            String sha = ContentHash.sha256(Files.readAllBytes(wf));
            if (!sha.equals(m.weightsSha256())) {
                throw new TlException(wf + " does not match its manifest (sha256 " + sha + ", expected "
                        + m.weightsSha256() + "); the bundle was changed or damaged");
            }
        } catch (IOException e) {
            throw new TlException("cannot read " + wf + ": " + e.getMessage(), e);
        }
        return new ModelBundle(dir, m, Safetensors.read(wf).checkFinite(wf.toString()));
    }

    /** The backbone spec the model was trained with (input size, alpha, backbone options). */
    public BackboneSpec backboneSpec() {
        Manifest.BackboneSection b = manifest.backbone();
        return new BackboneSpec(b.height(), b.width(), b.alpha(), ConfigFactory.parseString(b.options()));
    }

    /**
     * The weights of the base alone: every weight of {@code backbone}'s graph for {@link #backboneSpec()}, as trained
     * (a fine-tuned base, or one trained from scratch). Written with {@link Safetensors#write}, they load as
     * {@code backbone.weights = FILE.safetensors} in another run.
     *
     * @param backbone the provider of the bundle's backbone id
     */
    public Weights baseWeights(Backbone backbone) {
        if (!backbone.id().equals(manifest.backbone().id())) {
            throw new TlException("the bundle " + dir + " holds a '" + manifest.backbone().id() + "' model, not '"
                    + backbone.id() + "'");
        }
        Graph base = backbone.graph(backboneSpec());
        Weights w = weights.forLayers(base.nodes().stream().map(Node::name).collect(Collectors.toSet()));
        w.checkFits(base, "the base weights of the bundle " + dir);
        return w;
    }

    /** Writes text to a temporary file and renames it into place. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
