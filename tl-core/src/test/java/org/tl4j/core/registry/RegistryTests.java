package org.tl4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.RunConfig;
import org.tl4j.api.graph.Graph;
import org.tl4j.spi.Backbone;
import org.tl4j.spi.BackboneSpec;
import org.tl4j.spi.Backend;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Capability;
import org.tl4j.spi.Freezer;
import org.tl4j.spi.Head;
import org.tl4j.spi.LayerGroup;
import org.tl4j.spi.Preprocessing;
import org.tl4j.spi.WeightFile;

class RegistryTests {
    @TempDir
    Path dir;

    /** A backbone whose id is given at construction. */
    public static class NamedBackbone implements Backbone {
        private final String id;

        public NamedBackbone() {
            this("named");
        }

        NamedBackbone(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String description() {
            return "test backbone " + id;
        }

        @Override
        public BackboneSpec defaultSpec() {
            return BackboneSpec.of(32, 32, 1.0);
        }

        @Override
        public Graph graph(BackboneSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Preprocessing preprocessing() {
            return Preprocessing.NONE;
        }

        @Override
        public List<WeightFile> weightCatalogue(BackboneSpec spec) {
            return List.of();
        }

        @Override
        public List<LayerGroup> layerGroups(BackboneSpec spec) {
            return List.of();
        }
    }

    /** Duplicates the id of {@link NamedBackbone}. */
    public static class DuplicateBackbone extends NamedBackbone {
    }

    /** Fails in its constructor, as a provider with a missing dependency would. */
    public static class BrokenBackbone extends NamedBackbone {
        public BrokenBackbone() {
            throw new IllegalStateException("native library missing");
        }
    }

    /** A backend that counts how often its engine is opened. */
    static class CountingBackend implements Backend {
        int opened;
        private final Set<Capability> caps;

        CountingBackend(Set<Capability> caps) {
            this.caps = caps;
        }

        @Override
        public String id() {
            return "counting";
        }

        @Override
        public String description() {
            return "test backend";
        }

        @Override
        public Set<Capability> capabilities() {
            return caps;
        }

        @Override
        public String engineVersion() {
            return "test 1.0";
        }

        @Override
        public BackendEngine open(BackendOptions options) {
            opened++;
            throw new IllegalStateException("not in this test");
        }
    }

    @Test
    void discoversTheStandardHeadsAndFreezersOnTheClassPath() {
        Registry r = Registry.discover();
        assertThat(r.ids(Head.class)).contains("linear", "mlp");
        assertThat(r.ids(Freezer.class)).contains("all", "none", "from-layer", "last-blocks");
    }

    @Test
    void unknownIdAnswersWithKnownIdsAndClosest() {
        Registry r = Registry.discover();
        assertThatThrownBy(() -> r.get(Head.class, "linaer"))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("unknown head `linaer`; did you mean `linear`?")
                .hasMessageContaining("known heads: linear, mlp");
    }

    @Test
    void aLibraryUserWithoutTheBackbonesOrABackendIsToldWhichArtifactToAdd() {
        Registry r = Registry.discover();
        assertThat(r.ids(Backbone.class)).as("tl-core's tests see no backbone module").isEmpty();
        assertThatThrownBy(() -> r.get(Backbone.class, "mobilenet_v2"))
                .hasMessageContaining("known backbones: none")
                .hasMessageContaining("add the dependency org.tl4j:tl-backbones (or org.tl4j:tl4j, the standard set)");
        assertThatThrownBy(() -> r.get(Backend.class, "djl"))
                .hasMessageContaining("add the dependency org.tl4j:tl-backend-djl, or add a plugin");
        assertThatThrownBy(() -> r.get(Backbone.class, "efficientnet"))
                .hasMessageEndingWith("; add a plugin with --plugins DIR)");
    }

    @Test
    void refusesBlankAndDuplicateIds() {
        Registry r = Registry.of(List.of(new NamedBackbone("a"), new NamedBackbone(" "), new NamedBackbone("a") {
        }));
        assertThat(r.ids(Backbone.class)).containsExactly("a");
        assertThat(r.warnings()).anyMatch(w -> w.contains("blank id"))
                .anyMatch(w -> w.contains("duplicate backbone id `a`"));
    }

    @Test
    void failingProviderIsReportedAndSkippedWhileOthersLoad() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        writeServicesJar(plugins.resolve("p.jar"), NamedBackbone.class, BrokenBackbone.class,
                DuplicateBackbone.class);
        Registry r = Registry.discover(List.of(plugins));
        assertThat(r.ids(Backbone.class)).contains("named");
        assertThat(r.warnings())
                .anyMatch(w -> w.contains("backbone provider failed to load") && w.contains("native library missing"))
                .anyMatch(w -> w.contains("duplicate backbone id `named`"));
    }

    @Test
    void missingPluginFolderIsAConfigError() {
        assertThatThrownBy(() -> Registry.discover(List.of(dir.resolve("absent"))))
                .isInstanceOf(TlConfigException.class).hasMessageContaining("plugin folder not found");
    }

    @Test
    void describingProvidersNeverOpensAnEngine() {
        CountingBackend b = new CountingBackend(EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD));
        Registry r = Registry.of(List.of(b));
        List<ProviderInfo> rows = r.describe();
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.id()).isEqualTo("counting");
            assertThat(row.capabilities()).containsExactly("INFERENCE", "TRAIN_HEAD");
        });
        assertThat(b.opened).isZero();
    }

    @Test
    void runPlanRefusesFineTuningOnABackendWithoutBackboneTraining() {
        Registry base = Registry.discover();
        CountingBackend headOnly = new CountingBackend(EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD));
        CountingBackend full = new CountingBackend(EnumSet.allOf(Capability.class)) {
            @Override
            public String id() {
                return "full";
            }
        };
        List<Object> all = new java.util.ArrayList<>();
        all.add(new NamedBackbone("mobilenet_v2"));
        all.add(headOnly);
        all.add(full);
        for (Class<? extends org.tl4j.spi.Provider> k : List.of(Head.class, Freezer.class,
                org.tl4j.core.train.Trainer.class)) {
            all.addAll(base.all(k));
        }
        all.add(new FakeTrainer("fine-tune", EnumSet.of(Capability.TRAIN_BACKBONE)));
        Registry r = Registry.of(all.stream().map(o -> (org.tl4j.spi.Provider) o).toList());
        RunConfig rc = RunConfig.load(null, List.of("backend.id=counting", "trainer.id=fine-tune",
                "freezer.id=none"), new Properties(), getClass().getClassLoader());
        assertThatThrownBy(() -> RunPlan.of(r, rc))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("backend `counting` cannot train backbone layers (capability TRAIN_BACKBONE)")
                .hasMessageContaining("use tl4j.backend.id = full");
        assertThat(headOnly.opened).isZero();
    }

    @Test
    void runPlanRefusesBatchStatisticsOnABackendWithoutThem() {
        Registry base = Registry.discover();
        CountingBackend noBatchStats = new CountingBackend(EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD,
                Capability.TRAIN_BACKBONE));
        List<org.tl4j.spi.Provider> all = new java.util.ArrayList<>();
        all.add(new NamedBackbone("mobilenet_v2"));
        all.add(noBatchStats);
        for (Class<? extends org.tl4j.spi.Provider> k : List.of(Head.class, Freezer.class,
                org.tl4j.core.train.Trainer.class)) {
            all.addAll(base.all(k));
        }
        Registry r = Registry.of(all);
        List<String> fineTune = List.of("backend.id=counting", "trainer.id=fine-tune", "freezer.id=none");
        RunConfig inference = RunConfig.load(null, fineTune, new Properties(), getClass().getClassLoader());
        assertThat(RunPlan.of(r, inference).requiredCapabilities()).doesNotContain(Capability.TRAIN_BATCHNORM);
        List<String> train = new java.util.ArrayList<>(fineTune);
        train.add("trainer.batchnorm=train");
        RunConfig rc = RunConfig.load(null, train, new Properties(), getClass().getClassLoader());
        assertThatThrownBy(() -> RunPlan.of(r, rc))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("backend `counting` cannot train BatchNorm on batch statistics")
                .hasMessageContaining("capability TRAIN_BATCHNORM");
        assertThat(noBatchStats.opened).isZero();
    }

    @Test
    void runPlanRefusesAnOnnxBackboneOnABackendThatCannotRunIt() {
        Registry base = Registry.discover();
        CountingBackend headOnly = new CountingBackend(EnumSet.of(Capability.INFERENCE, Capability.TRAIN_HEAD));
        NamedBackbone onnx = new NamedBackbone("onnx") {
            @Override
            public Set<Capability> requiredCapabilities() {
                return Set.of(Capability.EXTERNAL_ONNX);
            }
        };
        List<org.tl4j.spi.Provider> all = new java.util.ArrayList<>(List.of(onnx, headOnly));
        for (Class<? extends org.tl4j.spi.Provider> k : List.of(Head.class, Freezer.class,
                org.tl4j.core.train.Trainer.class)) {
            all.addAll(base.all(k));
        }
        Registry r = Registry.of(all);
        RunConfig rc = RunConfig.load(null, List.of("backend.id=counting", "backbone.id=onnx"), new Properties(),
                getClass().getClassLoader());
        assertThatThrownBy(() -> RunPlan.of(r, rc))
                .hasMessageContaining("cannot run ONNX sub-networks (capability EXTERNAL_ONNX)")
                .hasMessageContaining("backbone `onnx` needs it");
    }

    /** Provider options are checked against the keys each provider declares, with the nearest as a suggestion. */
    @Test
    void runPlanRefusesUndeclaredProviderOptions() {
        Registry base = Registry.discover();
        NamedBackbone tiny = new NamedBackbone("tiny") {
            @Override
            public Set<String> optionKeys() {
                return Set.of("filters", "blocks");
            }
        };
        CountingBackend backend = new CountingBackend(EnumSet.allOf(Capability.class)) {
            @Override
            public Set<String> optionKeys() {
                return Set.of("batch-size");
            }
        };
        List<org.tl4j.spi.Provider> all = new java.util.ArrayList<>(List.of(tiny, backend));
        for (Class<? extends org.tl4j.spi.Provider> k : List.of(Head.class, Freezer.class,
                org.tl4j.core.train.Trainer.class)) {
            all.addAll(base.all(k));
        }
        Registry r = Registry.of(all);
        List<String> good = List.of("backbone.id=tiny", "backend.id=counting", "backbone.options.filters=8",
                "backend.options.batch-size=4");
        assertThat(RunPlan.of(r, RunConfig.load(null, good, new Properties(), getClass().getClassLoader()))
                .backbone()).isSameAs(tiny);
        RunConfig typos = RunConfig.load(null, List.of("backbone.id=tiny", "backend.id=counting",
                "backbone.options.filterz=3", "backend.options.batch-sise=4"), new Properties(),
                getClass().getClassLoader());
        assertThatThrownBy(() -> RunPlan.of(r, typos))
                .isInstanceOf(TlConfigException.class)
                .hasMessageContaining("2 configuration problems")
                .hasMessageContaining("tl4j.backbone.options.filterz is not an option of backbone `tiny`; it knows "
                        + "[blocks, filters]; did you mean `filters`?")
                .hasMessageContaining("tl4j.backend.options.batch-sise is not an option of backend `counting`")
                .hasMessageContaining("did you mean `batch-size`?");
        RunConfig none = RunConfig.load(null, List.of("backbone.id=named", "backend.id=counting",
                "backbone.options.path=x"), new Properties(), getClass().getClassLoader());
        List<org.tl4j.spi.Provider> plain = new java.util.ArrayList<>(all);
        plain.add(new NamedBackbone());
        assertThatThrownBy(() -> RunPlan.of(Registry.of(plain), none))
                .hasMessageContaining("tl4j.backbone.options.path is not an option of backbone `named`; it takes no "
                        + "options");
    }

    /** A trainer that needs the given capabilities. */
    static final class FakeTrainer implements org.tl4j.core.train.Trainer {
        private final String id;
        private final Set<Capability> needs;

        FakeTrainer(String id, Set<Capability> needs) {
            this.id = id;
            this.needs = needs;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String description() {
            return "fake";
        }

        @Override
        public Set<Capability> requiredCapabilities(com.typesafe.config.Config options) {
            return needs;
        }

        @Override
        public org.tl4j.core.train.TrainingResult train(org.tl4j.core.train.TrainingContext context) {
            throw new UnsupportedOperationException();
        }
    }

    private static void writeServicesJar(Path jar, Class<?>... providers) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os)) {
            j.putNextEntry(new JarEntry("META-INF/services/" + Backbone.class.getName()));
            StringBuilder sb = new StringBuilder();
            for (Class<?> p : providers) {
                sb.append(p.getName()).append('\n');
            }
            j.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        ConfigFactory.invalidateCaches();
    }
}
