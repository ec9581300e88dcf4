package org.tl4j.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/** What tl-api promises plugins: one dependency, and a stability mark on every public type. */
class ContractTests {
    private static Path classes() throws URISyntaxException {
        return Path.of(Tl4j.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() throws Exception {
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void theContractRequiresOnlyTypesafeConfigAndStaticAnnotations() throws Exception {
        Set<String> required = new TreeSet<>();
        Set<String> staticOnly = new TreeSet<>();
        for (ModuleDescriptor.Requires r : descriptor().requires()) {
            if (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
                staticOnly.add(r.name());
            } else {
                required.add(r.name());
            }
        }
        assertThat(required).containsExactlyInAnyOrder("java.base", "typesafe.config");
        assertThat(staticOnly).containsExactly("org.apiguardian.api");
    }

    @Test
    void everyPublicTypeOfAnExportedPackageCarriesItsStability() throws Exception {
        Set<String> exported = new TreeSet<>();
        descriptor().exports().forEach(e -> exported.add(e.source()));
        List<String> unmarked = new ArrayList<>();
        Path root = classes();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.contains("$") || name.endsWith("package-info") || name.equals("module-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (Modifier.isPublic(type.getModifiers()) && exported.contains(type.getPackageName())
                        && type.getAnnotation(API.class) == null) {
                    unmarked.add(name);
                }
            }
        }
        assertThat(exported).contains("org.tl4j.spi", "org.tl4j.api.graph");
        assertThat(unmarked).as("public types without @API").isEmpty();
    }

    @Test
    void backendSupportHelpersAreInternal() {
        assertThat(org.tl4j.api.internal.Trace.class.getAnnotation(API.class).status())
                .isEqualTo(API.Status.INTERNAL);
    }
}
