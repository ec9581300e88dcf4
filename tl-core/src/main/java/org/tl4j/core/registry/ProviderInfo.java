package org.tl4j.core.registry;

import java.util.Set;
import java.util.TreeSet;
import org.tl4j.spi.Backend;
import org.tl4j.spi.Provider;

/**
 * A provider as {@code tl list} shows it: kind, id, the module (or jar) it comes from, its description and, for
 * backends, capabilities and engine version (read without loading the engine).
 */
public record ProviderInfo(ProviderKind kind, String id, String module, String description,
        Set<String> capabilities, String engineVersion) {

    static ProviderInfo of(ProviderKind kind, Provider p) {
        Set<String> caps = new TreeSet<>();
        String version = "";
        if (p instanceof Backend b) {
            b.capabilities().forEach(c -> caps.add(c.name()));
            version = b.engineVersion();
        }
        Module m = p.getClass().getModule();
        String module = m.isNamed() ? m.getName() : jarName(p.getClass());
        return new ProviderInfo(kind, p.id(), module, p.description(), caps, version);
    }

    private static String jarName(Class<?> c) {
        var src = c.getProtectionDomain().getCodeSource();
        if (src == null || src.getLocation() == null) {
            return "(class path)";
        }
        String path = src.getLocation().getPath();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
