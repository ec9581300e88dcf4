package org.tl4j.backend.djl.engine;

import java.io.File;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.tl4j.api.internal.MoreFiles;

/**
 * Removes the {@code onnxruntime-java*} folder that ONNX Runtime's Java binding creates in the temp dir each time a
 * JVM loads it. It extracts its native libraries there and asks the JVM to delete libraries and folder on exit; but
 * {@link File#deleteOnExit} deletes in reverse order of registration, so the folder goes first, is not empty yet, and
 * stays behind. The folders that appear while ONNX Runtime loads get a shutdown hook (application hooks run before
 * the delete-on-exit hook) that removes the libraries and then the folder. They cannot go earlier: the GPU build
 * loads its CUDA provider library from that folder when a session first asks for it.
 */
final class OrtTempDirs {
    private static final String PREFIX = "onnxruntime-java";

    private OrtTempDirs() {
    }

    /** Runs {@code load} (which may load ONNX Runtime's natives) and arranges the removal of the folders it made. */
    static <T> T cleanAround(Supplier<T> load) {
        Set<String> before = list();
        try {
            return load.get();
        } finally {
            for (String name : list()) {
                if (!before.contains(name)) {
                    File dir = new File(tempDir(), name);
                    Runtime.getRuntime().addShutdownHook(
                            new Thread(() -> MoreFiles.deleteQuietly(dir.toPath()), "tl4j-onnxruntime-tmp"));
                }
            }
        }
    }

    private static Set<String> list() {
        String[] names = tempDir().list((d, n) -> n.startsWith(PREFIX));
        return names == null ? Set.of() : new HashSet<>(Set.of(names));
    }

    private static File tempDir() {
        return new File(System.getProperty("java.io.tmpdir"));
    }
}
