/**
 * The built-in Keras ImageNet backbones (VGG16, ResNet50, MobileNetV2) as tl4j layer graphs with their weight
 * catalogues, and the raw-pixel baseline ({@code pixels}). The module exports nothing: its backbones are found
 * through {@link java.util.ServiceLoader} only.
 */
module org.tl4j.backbones {
    requires org.tl4j.api;
    requires static com.google.auto.service;

    provides org.tl4j.spi.Backbone with
            org.tl4j.backbones.Vgg16Backbone,
            org.tl4j.backbones.ResNet50Backbone,
            org.tl4j.backbones.MobileNetV2Backbone,
            org.tl4j.backbones.PixelsBackbone;
}
