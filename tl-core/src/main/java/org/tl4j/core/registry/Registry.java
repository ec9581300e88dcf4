package org.tl4j.core.registry;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.TlException;
import org.tl4j.api.config.Suggest;
import org.tl4j.spi.Provider;

/**
 * Every provider tl4j can use, found with {@link ServiceLoader} on the module path (module-info {@code provides})
 * and the class path ({@code META-INF/services}), plus the jars of plugin folders. Blank and duplicate ids are
 * refused, a provider that fails to load is reported and skipped, and an unknown id is answered with the known ids
 * and the closest match. Only provider objects are created: engines load their natives later.
 */
public final class Registry {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    /** The ids of org.tl4j:tl-backbones, named when a library user's build lacks that artifact. */
    private static final Set<String> STANDARD_BACKBONES = Set.of("mobilenet_v2", "resnet50", "vgg16");
    /** The backend ids of tl4j's own backend artifacts, {@code org.tl4j:tl-backend-ID}. */
    private static final Set<String> STANDARD_BACKENDS = Set.of("tensorflow", "djl");

    private final Map<ProviderKind, Map<String, Provider>> providers = new EnumMap<>(ProviderKind.class);
    private final List<String> warnings = new ArrayList<>();
    private final ClassLoader classLoader;

    private Registry(Function<Class<? extends Provider>, Iterator<? extends Provider>> source, ClassLoader loader) {
        this.classLoader = loader;
        for (ProviderKind kind : ProviderKind.values()) {
            Map<String, Provider> byId = new LinkedHashMap<>();
            Iterator<? extends Provider> it = source.apply(kind.type());
            while (true) {
                Provider p;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    p = it.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    warn("a " + kind.label() + " provider failed to load and was skipped: " + rootMessage(e));
                    continue;
                }
                add(kind, byId, p);
            }
            providers.put(kind, byId);
        }
    }

    /** Providers visible from tl4j's own module or class loader. */
    public static Registry discover() {
        return discover(List.of());
    }

    /** Providers visible from tl4j plus those in every jar of the given plugin folders. */
    public static Registry discover(List<Path> pluginDirs) {
        List<Path> jars = new ArrayList<>();
        for (Path dir : pluginDirs) {
            jars.addAll(jarsIn(dir));
        }
        Module self = Registry.class.getModule();
        if (jars.isEmpty()) {
            ClassLoader cl = Registry.class.getClassLoader();
            return self.isNamed()
                    ? new Registry(t -> ServiceLoader.load(self.getLayer(), t).iterator(), cl)
                    : new Registry(t -> ServiceLoader.load(t, cl).iterator(), cl);
        }
        if (self.isNamed()) {
            ModuleLayer layer = pluginLayer(self.getLayer(), jars);
            ClassLoader cl = layer.modules().stream().findFirst().map(Module::getClassLoader)
                    .orElse(Registry.class.getClassLoader());
            return new Registry(t -> ServiceLoader.load(layer, t).iterator(), cl);
        }
        URLClassLoader cl = new URLClassLoader(urls(jars), Registry.class.getClassLoader());
        return new Registry(t -> ServiceLoader.load(t, cl).iterator(), cl);
    }

    /** A registry over explicit provider instances (tests, embedding). */
    public static Registry of(List<? extends Provider> instances) {
        return new Registry(t -> instances.stream().filter(t::isInstance).map(p -> (Provider) p).iterator(),
                Registry.class.getClassLoader());
    }

    /** The class loader whose resources (reference.conf files) belong to the providers found. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** All providers of a kind, in discovery order. */
    public <T extends Provider> List<T> all(Class<T> type) {
        return providers.get(ProviderKind.of(type)).values().stream().map(type::cast).toList();
    }

    /** The ids of a kind, sorted. */
    public List<String> ids(Class<? extends Provider> type) {
        return providers.get(ProviderKind.of(type)).keySet().stream().sorted().toList();
    }

    /** The provider of that id; an unknown id fails naming the known ids and the closest one. */
    public <T extends Provider> T get(Class<T> type, String id) {
        ProviderKind kind = ProviderKind.of(type);
        Provider p = providers.get(kind).get(id);
        if (p == null) {
            List<String> known = ids(type);
            throw new TlConfigException("unknown " + kind.label() + " `" + id + "`" + Suggest.didYouMean(id, known)
                    + " (known " + kind.label() + "s: " + (known.isEmpty() ? "none" : String.join(", ", known))
                    + "; " + whereFrom(kind, id) + ")");
        }
        return type.cast(p);
    }

    /**
     * Where a missing provider comes from: tl4j's own backbones and backends are artifacts a library user may have
     * left out of the build (the command line has them all); anything else comes from a plugin.
     */
    static String whereFrom(ProviderKind kind, String id) {
        String plugin = "add a plugin with --plugins DIR";
        if (kind == ProviderKind.BACKBONE && STANDARD_BACKBONES.contains(id)) {
            return "add the dependency org.tl4j:tl-backbones (or org.tl4j:tl4j, the standard set), or " + plugin;
        }
        if (kind == ProviderKind.BACKEND && STANDARD_BACKENDS.contains(id)) {
            return "add the dependency org.tl4j:tl-backend-" + id + ("tensorflow".equals(id)
                    ? " (or org.tl4j:tl4j, the standard set)" : "") + ", or " + plugin;
        }
        return plugin;
    }

    /** The ids of the backends that declare {@code capability}, in discovery order. */
    public List<String> backendsWith(org.tl4j.spi.Capability capability) {
        return all(org.tl4j.spi.Backend.class).stream().filter(b -> b.capabilities().contains(capability))
                .map(org.tl4j.spi.Backend::id).toList();
    }

    /** Problems met while discovering (failed providers, refused ids). */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** One row per provider, for {@code tl list}. */
    public List<ProviderInfo> describe() {
        List<ProviderInfo> rows = new ArrayList<>();
        providers.forEach((kind, byId) -> byId.values().forEach(p -> rows.add(ProviderInfo.of(kind, p))));
        return rows;
    }

    private void add(ProviderKind kind, Map<String, Provider> byId, Provider p) {
        String id;
        try {
            id = p.id();
        } catch (RuntimeException | LinkageError e) {
            warn("the " + kind.label() + " provider " + p.getClass().getName() + " failed: " + rootMessage(e));
            return;
        }
        if (id == null || id.isBlank()) {
            warn("the " + kind.label() + " provider " + p.getClass().getName() + " has a blank id and was refused");
            return;
        }
        Provider existing = byId.get(id);
        if (existing != null) {
            if (existing.getClass() != p.getClass()) {
                warn("duplicate " + kind.label() + " id `" + id + "`: " + p.getClass().getName()
                        + " was refused; " + existing.getClass().getName() + " keeps it");
            }
            return;
        }
        byId.put(id, p);
    }

    private void warn(String message) {
        warnings.add(message);
        LOG.warn(message);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + t + ")";
    }

    static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TlConfigException("plugin folder not found: " + dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new TlException("cannot list plugin folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ModuleLayer pluginLayer(ModuleLayer parent, List<Path> jars) {
        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        Set<String> names = finder.findAll().stream().map(ModuleReference::descriptor)
                .map(d -> d.name()).filter(n -> parent.findModule(n).isEmpty()).collect(Collectors.toSet());
        try {
            Configuration cf = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), names);
            return parent.defineModulesWithOneLoader(cf, Registry.class.getClassLoader());
        } catch (RuntimeException e) {
            throw new TlException("cannot load plugins " + jars + ": " + e.getMessage(), e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new TlException("bad plugin path " + jars.get(i), e);
            }
        }
        return urls;
    }
}
