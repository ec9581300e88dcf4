package org.tl4j.backend.djl.engine;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.util.cuda.CudaUtils;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tl4j.api.BackendException;
import org.tl4j.api.graph.Graph;
import org.tl4j.api.weights.Weights;
import org.tl4j.backend.djl.head.DenseHead;
import org.tl4j.backend.djl.onnx.OnnxModels;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.Capability;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;
import org.tl4j.spi.OptimizerSpec;

/**
 * The loaded djl engine: ONNX Runtime through DJL on the resolved device, plus a fork-join pool for the JVM head
 * trainer. Compiling a graph writes its frozen base as an ONNX model and loads it into ONNX Runtime, and builds the
 * dense head on the JVM; a graph whose trainable layers reach into the base is refused, since this backend cannot
 * fine-tune a backbone.
 */
public final class DjlEngine implements BackendEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DjlEngine.class);
    /** DJL calls home on first use unless this is set; tl4j never touches the network unasked. */
    private static final String DJL_TRACKING = "OPT_OUT_TRACKING";

    private final EngineSettings settings;
    private final Device device;
    private final int gpus;
    private final ForkJoinPool pool;
    private final List<DjlModel> open = new ArrayList<>();

    private DjlEngine(EngineSettings settings, Device device, int gpus) {
        this.settings = settings;
        this.device = device;
        this.gpus = gpus;
        int threads = settings.effectiveThreads();
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    /**
     * Loads ONNX Runtime through DJL and resolves the device.
     *
     * @throws BackendException when {@code device = gpu} and ONNX Runtime has no usable CUDA provider
     */
    public static DjlEngine open(BackendOptions options) {
        EngineSettings settings = EngineSettings.from(options);
        Engine engine = ortEngine();
        int gpus = OrtTempDirs.cleanAround(DjlEngine::cudaGpus);
        if (settings.device() == Device.GPU && gpus == 0) {
            throw new BackendException("backend.device = gpu, but ONNX Runtime " + engine.getVersion() + " has no "
                    + "usable CUDA execution provider (providers: " + OrtEnvironment.getAvailableProviders() + "). "
                    + "Build with the gpu Maven profile (-Pgpu: com.microsoft.onnxruntime:onnxruntime_gpu) on a "
                    + "machine with an NVIDIA driver, CUDA 12 and cuDNN 9, or set backend.device = auto to fall back "
                    + "to the CPU");
        }
        Device resolved = settings.device() == Device.AUTO ? (gpus > 0 ? Device.GPU : Device.CPU) : settings.device();
        LOG.debug("ONNX Runtime {} through DJL {} on {} with {} threads", engine.getVersion(),
                Engine.getDjlVersion(), resolved.id(), settings.effectiveThreads());
        return new DjlEngine(settings, resolved, gpus);
    }

    /**
     * DJL's ONNX Runtime engine, started on first use. Everything in this module that touches ONNX Runtime calls this
     * first: DJL's engine creates ONNX Runtime's environment with its own options and fails if one already exists.
     */
    static Engine ortEngine() {
        if (System.getenv(DJL_TRACKING) == null && System.getProperty(DJL_TRACKING) == null) {
            System.setProperty(DJL_TRACKING, "true");
        }
        try {
            return OrtTempDirs.cleanAround(() -> {
                if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                    quietCudaProbe();
                }
                return Engine.getEngine(OrtRunner.ENGINE);
            });
        } catch (EngineException e) {
            throw new BackendException("DJL could not start its ONNX Runtime engine: " + e.getMessage() + ". The "
                    + "djl backend needs ai.djl.onnxruntime:onnxruntime-engine and com.microsoft.onnxruntime:"
                    + "onnxruntime (or onnxruntime_gpu) on the class or module path; `tl doctor` shows what was found",
                    e);
        }
    }

    /**
     * On an ONNX Runtime without CUDA, DJL's engine logs a warning ("CUDA is not supported OnnxRuntime engine") the
     * first time it picks a default device, though tl4j never asks it to; with SLF4J's simple logger (the CLI's),
     * that logger is set to errors only, unless the user configured it.
     */
    private static void quietCudaProbe() {
        String key = "org.slf4j.simpleLogger.log.ai.djl.onnxruntime.engine.OrtEngine";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "error");
        }
    }

    /** GPUs ONNX Runtime can use: none unless its CUDA provider is present. */
    private static int cudaGpus() {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return 0;
        }
        try {
            return CudaUtils.getGpuCount();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("no CUDA device found: {}", e.toString());
            return 0;
        }
    }

    @Override
    public List<String> devices() {
        List<String> out = new ArrayList<>(List.of("cpu:0"));
        for (int i = 0; i < gpus; i++) {
            out.add("gpu:" + i + " (CUDA)");
        }
        return out;
    }

    @Override
    public String device() {
        return device.id();
    }

    /** The settings this engine was opened with. */
    public EngineSettings settings() {
        return settings;
    }

    @Override
    public CompiledModel compile(Graph graph, Weights weights, Set<String> trainable, OptimizerSpec optimizer) {
        weights.checkFits(graph, "weights of graph '" + graph.name() + "'");
        GraphSplit split = GraphSplit.of(graph);
        Set<String> train = checkTrainable(graph, split, trainable, optimizer);
        DenseHead head = split.hasHead() ? DenseHead.build(split.headInput(), split.head(), weights, train,
                optimizer, settings.seed(), pool) : null;
        OrtRunner base = split.hasBase() ? OrtRunner.load(OnnxModels.inference(split.base(), weights), graph.name(),
                djlDevice(), settings, settings.chunkFor(split.base())) : null;
        DjlModel model = new DjlModel(graph, weights, base, head, open::remove);
        open.add(model);
        return model;
    }

    /**
     * The layers that train: the trainable layers with weights must all lie in the JVM head. Without an optimizer
     * nothing trains.
     */
    private static Set<String> checkTrainable(Graph graph, GraphSplit split, Set<String> trainable,
            OptimizerSpec optimizer) {
        List<String> unknown = trainable.stream().filter(l -> !graph.contains(l)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new BackendException("trainable layers " + unknown + " are not layers of graph '" + graph.name()
                    + "'");
        }
        Set<String> head = split.headLayers();
        List<String> base = trainable.stream()
                .filter(l -> !head.contains(l) && graph.paramCount(graph.node(l)) > 0)
                .sorted(Comparator.comparingInt(graph::indexOf)).toList();
        if (!base.isEmpty()) {
            throw new BackendException("the djl backend lacks capability " + Capability.TRAIN_BACKBONE + ": it "
                    + "trains dense heads on the JVM and cannot fine-tune backbone layers, but " + base.size()
                    + " base layer(s) of graph '" + graph.name() + "' are trainable (" + preview(base) + "). Use "
                    + "backend.id = tensorflow, which has " + Capability.TRAIN_BACKBONE + ", or freezer.id = all");
        }
        if (optimizer == null) {
            return Set.of();
        }
        boolean anyWeights = trainable.stream().anyMatch(l -> graph.paramCount(graph.node(l)) > 0);
        if (!anyWeights) {
            throw new BackendException("an optimizer was given for graph '" + graph.name() + "' but none of its "
                    + "trainable layers " + trainable + " has weights");
        }
        return trainable;
    }

    private static String preview(List<String> layers) {
        List<String> first = layers.stream().limit(5).toList();
        return String.join(", ", first) + (layers.size() > first.size() ? ", …" : "");
    }

    private ai.djl.Device djlDevice() {
        return device == Device.GPU ? ai.djl.Device.gpu(0) : ai.djl.Device.cpu();
    }

    /** Closes the models still open and the head trainer's threads. */
    @Override
    public void close() {
        for (DjlModel m : List.copyOf(open)) {
            m.close();
        }
        if (pool != null) {
            pool.shutdown();
        }
    }
}
