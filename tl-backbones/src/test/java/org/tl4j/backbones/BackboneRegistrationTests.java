package org.tl4j.backbones;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.tl4j.spi.Backbone;

class BackboneRegistrationTests {
    private static final List<String> CLASSES = List.of(Vgg16Backbone.class.getName(),
            ResNet50Backbone.class.getName(), MobileNetV2Backbone.class.getName(), PixelsBackbone.class.getName());

    @Test
    void serviceLoaderFindsTheBuiltInBackbonesOnTheClassPath() {
        List<String> ids = ServiceLoader.load(Backbone.class).stream().map(p -> p.get().id()).toList();
        assertThat(ids).contains("vgg16", "resnet50", "mobilenet_v2", "pixels").doesNotHaveDuplicates();
    }

    @Test
    void moduleProvidesTheBuiltInBackbonesAndExportsNothing() throws URISyntaxException {
        Path classes = Path.of(Vgg16Backbone.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module = ModuleFinder.of(classes).find("org.tl4j.backbones").orElseThrow().descriptor();
        assertThat(module.exports()).isEmpty();
        assertThat(module.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo(Backbone.class.getName());
            assertThat(p.providers()).containsExactlyInAnyOrderElementsOf(CLASSES);
        });
    }

    @Test
    void eachBackboneIsFinalWithAnIdConstant() throws ReflectiveOperationException {
        for (String name : CLASSES) {
            Class<?> type = Class.forName(name);
            Field id = type.getField("ID");
            assertThat(Modifier.isFinal(type.getModifiers())).as(name).isTrue();
            assertThat(Modifier.isStatic(id.getModifiers()) && Modifier.isFinal(id.getModifiers())).isTrue();
            Backbone backbone = (Backbone) type.getConstructor().newInstance();
            assertThat(backbone.id()).isEqualTo(id.get(null)).isNotBlank();
            assertThat(backbone.description()).isNotBlank();
        }
    }
}
