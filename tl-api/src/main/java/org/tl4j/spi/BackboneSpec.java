package org.tl4j.spi;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apiguardian.api.API;

/**
 * What a backbone is asked to build: input height and width (pixels), width multiplier {@code alpha} (MobileNetV2;
 * 1.0 elsewhere), and the provider-specific options: the {@code tl4j.backbone.options} object itself (its keys are
 * {@code path}, {@code filters}, …, not {@code options.path}), holding only keys the backbone declares in
 * {@link Backbone#optionKeys()} when it comes from a checked run config.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record BackboneSpec(int height, int width, double alpha, Config options) {

    /** A spec with no extra options. */
    public static BackboneSpec of(int height, int width, double alpha) {
        return new BackboneSpec(height, width, alpha, ConfigFactory.empty());
    }

    /** Same spec, another size. */
    public BackboneSpec withSize(int h, int w) {
        return new BackboneSpec(h, w, alpha, options);
    }

    @Override
    public String toString() {
        return height + "x" + width + (alpha == 1.0 ? "" : " alpha=" + alpha);
    }
}
