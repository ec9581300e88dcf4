package org.tl4j.backend.tensorflow;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Identity;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;
import org.tl4j.api.BackendException;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.weights.Weights;
import org.tl4j.spi.BackendEngine;
import org.tl4j.spi.BackendOptions;
import org.tl4j.spi.CompileOptions;
import org.tl4j.spi.CompiledModel;
import org.tl4j.spi.Device;
import org.tl4j.spi.OptimizerSpec;

/** The loaded TensorFlow engine: the session configuration (device, threads) shared by the models it compiles. */
final class TensorFlowEngine implements BackendEngine {
    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowEngine.class);
    /** The backend-specific keys, under {@code tl4j.backend.options}. */
    static final String INTER_OP = "inter-op-threads";

    private final Device device;
    /** Whether a GPU is usable; null until asked when the CPU was requested (the probe is not needed to run). */
    private Boolean gpuVisible;
    private final ConfigProto config;
    private final long seed;
    private final List<TensorFlowModel> open = new CopyOnWriteArrayList<>();

    private TensorFlowEngine(Device device, Boolean gpuVisible, ConfigProto config, long seed) {
        this.device = device;
        this.gpuVisible = gpuVisible;
        this.config = config;
        this.seed = seed;
    }

    /** Loads the natives, looks for a GPU (unless the CPU was asked for) and resolves {@code auto}. */
    static TensorFlowEngine open(BackendOptions options) {
        NativeLogging.beforeLoad();
        String version = TensorFlow.version();
        NativeLogging.firstRun(TensorFlowEngine::warmUp);
        Device requested = options.device() == null ? Device.AUTO : options.device();
        boolean gpu = requested != Device.CPU && gpuVisible();
        if (requested == Device.GPU && !gpu) {
            throw new BackendException("backend.device = gpu, but TensorFlow " + version + " sees no GPU. Build with "
                    + "the gpu Maven profile (-Pgpu: the linux-x86_64-gpu native jar, CUDA 12) on a machine whose "
                    + "NVIDIA driver works (`nvidia-smi`), or set backend.device = auto to fall back to the CPU");
        }
        Device resolved = requested == Device.AUTO ? (gpu ? Device.GPU : Device.CPU) : requested;
        int threads = options.cpuThreads();
        int interOp = interOpThreads(options.options());
        LOG.debug("TensorFlow {} on {} with {} threads ({} inter-op)", version, resolved.id(), threads, interOp);
        return new TensorFlowEngine(resolved, requested == Device.CPU ? null : gpu,
                sessionConfig(resolved, threads, interOp), options.seed());
    }

    /**
     * Runs a one-constant graph on the CPU (no GPU is initialised): the process's first graph run, after which
     * TensorFlow's one-time lines are out ({@link NativeLogging#firstRun}).
     */
    private static void warmUp() {
        ConfigProto cpu = ConfigProto.newBuilder().putDeviceCount("GPU", 0).build();
        try (Graph g = new Graph(); Session s = new Session(g, cpu)) {
            Ops.create(g).withName("warm_up").constant(1f);
            s.runner().fetch("warm_up").run().close();
        }
    }

    /** {@code tl4j.backend.options.inter-op-threads}, 1 by default; any other key under {@code options} is an error. */
    private static int interOpThreads(Config backend) {
        Config opts = backend != null && backend.hasPath("options") ? backend.getConfig("options")
                : ConfigFactory.empty();
        for (String key : opts.root().keySet()) {
            if (!key.equals(INTER_OP)) {
                throw new TlConfigException("tl4j.backend.options." + key + " is not a tensorflow backend option"
                        + " (" + opts.origin().description() + "); allowed: [" + INTER_OP + "]");
            }
        }
        if (!opts.hasPath(INTER_OP)) {
            return 1;
        }
        try {
            int n = opts.getInt(INTER_OP);
            if (n >= 1) {
                return n;
            }
        } catch (com.typesafe.config.ConfigException e) {
            // reported below
        }
        throw new TlConfigException("tl4j.backend.options." + INTER_OP + " = " + opts.getValue(INTER_OP).render()
                + " (" + opts.getValue(INTER_OP).origin().description() + ") must be a whole number >= 1");
    }

    /**
     * Session settings: intra-op threads as configured; by default one inter-op thread, as a CNN is a chain of big
     * ops that each use all intra-op threads ({@code options.inter-op-threads} changes it); on the CPU no GPU is used
     * even when one is visible; on the GPU memory grows as needed.
     */
    private static ConfigProto sessionConfig(Device device, int threads, int interOp) {
        ConfigProto.Builder b = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(interOp)
                .setAllowSoftPlacement(true);
        if (device == Device.CPU) {
            b.putDeviceCount("GPU", 0);
        } else {
            b.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
        }
        return b.build();
    }

    /** Whether an op pinned to the first GPU can run (false on CPU-only natives or without a working driver). */
    private static boolean gpuVisible() {
        ConfigProto probe = ConfigProto.newBuilder().setAllowSoftPlacement(false)
                .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true)).build();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Identity<TFloat32> x = tf.withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU)
                    .deviceIndex(0).build()).identity(tf.constant(1f));
            try (Session s = new Session(g, probe)) {
                s.runner().fetch(x).run().close();
                return true;
            }
        } catch (TensorFlowException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public synchronized List<String> devices() {
        if (gpuVisible == null) {
            gpuVisible = gpuVisible();
        }
        return gpuVisible ? List.of("cpu:0", "gpu:0") : List.of("cpu:0");
    }

    @Override
    public String device() {
        return device.id();
    }

    @Override
    public CompiledModel compile(org.tl4j.api.graph.Graph graph, Weights weights, Set<String> trainable,
            OptimizerSpec optimizer) {
        return compile(graph, weights, trainable, optimizer, CompileOptions.DEFAULTS);
    }

    @Override
    public CompiledModel compile(org.tl4j.api.graph.Graph graph, Weights weights, Set<String> trainable,
            OptimizerSpec optimizer, CompileOptions options) {
        TensorFlowModel model = TensorFlowModel.compile(graph, weights, trainable, optimizer, options, config, seed,
                open::remove);
        open.add(model);
        return model;
    }

    /** Closes the models still open. */
    @Override
    public void close() {
        open.forEach(TensorFlowModel::close);
    }
}
