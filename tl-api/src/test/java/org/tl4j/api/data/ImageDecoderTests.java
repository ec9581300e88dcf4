package org.tl4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTests {
    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void decodesRgbPngExactly() {
        BufferedImage img = TestImages.rgb(5, 3, 1);
        RgbImage out = decoder.decode(TestImages.write(img, "png", dir.resolve("a.png")));
        assertThat(out.height()).isEqualTo(3);
        assertThat(out.width()).isEqualTo(5);
        int argb = img.getRGB(4, 2);
        assertThat(out.get(2, 4, 0)).isEqualTo((argb >> 16) & 0xff);
        assertThat(out.get(2, 4, 1)).isEqualTo((argb >> 8) & 0xff);
        assertThat(out.get(2, 4, 2)).isEqualTo(argb & 0xff);
    }

    @Test
    void grayscaleIsReplicatedWithoutGammaChange() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 128);
        img.getRaster().setSample(1, 0, 0, 7);
        RgbImage out = decoder.decode(TestImages.write(img, "png", dir.resolve("g.png")));
        assertThat(out.pixels()).containsExactly(128, 128, 128, 7, 7, 7);
    }

    @Test
    void sixteenBitKeepsTheHighByte() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 0xABCD);
        img.getRaster().setSample(1, 0, 0, 0x00FF);
        RgbImage out = decoder.decode(TestImages.write(img, "png", dir.resolve("g16.png")));
        assertThat(out.pixels()).containsExactly(0xAB, 0xAB, 0xAB, 0, 0, 0);
    }

    @Test
    void alphaIsDroppedNotComposited() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x20_40_80_C0);
        RgbImage out = decoder.decode(TestImages.write(img, "png", dir.resolve("alpha.png")));
        assertThat(out.pixels()).containsExactly(0x40, 0x80, 0xC0);
    }

    @Test
    void paletteGifIsLookedUp() {
        byte[] r = {10, 20};
        byte[] g = {30, 40};
        byte[] b = {50, 60};
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(1, 2, r, g, b));
        WritableRaster raster = img.getRaster();
        raster.setSample(0, 0, 0, 1);
        raster.setSample(1, 0, 0, 0);
        RgbImage out = decoder.decode(TestImages.write(img, "gif", dir.resolve("p.gif")));
        assertThat(out.pixels()).containsExactly(20, 40, 60, 10, 30, 50);
    }

    @Test
    void bmpAndJpegDecode() {
        BufferedImage img = TestImages.rgb(16, 16, 3);
        RgbImage bmp = decoder.decode(TestImages.write(img, "bmp", dir.resolve("a.bmp")));
        assertThat(bmp.get(5, 7, 1)).isEqualTo((img.getRGB(7, 5) >> 8) & 0xff);
        BufferedImage flat = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Arrays.fill(((java.awt.image.DataBufferInt) flat.getRaster().getDataBuffer()).getData(), 0x406080);
        RgbImage jpg = decoder.decode(TestImages.write(flat, "jpg", dir.resolve("a.jpg")));
        assertThat(jpg.get(8, 8, 0)).isCloseTo(0x40, org.assertj.core.data.Offset.offset(3f));
        assertThat(jpg.get(8, 8, 2)).isCloseTo(0x80, org.assertj.core.data.Offset.offset(3f));
    }

    @Test
    void fourChannelCmykJpegDecodesToRgb() throws Exception {
        WritableRaster cmyk = java.awt.image.Raster.createBandedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 8, 6, 4,
                null);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                cmyk.setPixel(x, y, new int[] {0, 255, 255, 0});
            }
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(cmyk, null, null), writer.getDefaultWriteParam());
        }
        Path f = TestImages.writeBytes(dir.resolve("cmyk.jpg"), bytes.toByteArray());
        RgbImage out = decoder.decode(f);
        assertThat(out.height()).isEqualTo(6);
        assertThat(out.width()).isEqualTo(8);
        for (float v : out.pixels()) {
            assertThat(v).isBetween(0f, 255f);
        }
    }

    @Test
    void zeroByteFileIsBad() {
        Path f = TestImages.writeBytes(dir.resolve("empty.jpg"), new byte[0]);
        assertThatThrownBy(() -> decoder.decode(f)).isInstanceOf(BadImageException.class)
                .hasMessageContaining("empty.jpg").hasMessageContaining("empty file");
    }

    @Test
    void textFileNamedJpgIsBad() {
        Path f = TestImages.writeBytes(dir.resolve("notes.jpg"), "hello, world\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> decoder.decode(f)).isInstanceOf(BadImageException.class)
                .hasMessageContaining("not a JPEG, PNG, BMP or GIF image");
    }

    @Test
    void truncatedJpegIsBad() {
        byte[] full = TestImages.bytes(TestImages.rgb(64, 64, 5), "jpg");
        Path f = TestImages.writeBytes(dir.resolve("cut.jpg"), Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> decoder.decode(f)).isInstanceOf(BadImageException.class)
                .hasMessageContaining("cut.jpg").hasMessageContaining("truncated");
    }

    @Test
    void truncatedPngIsBad() {
        byte[] full = TestImages.bytes(TestImages.rgb(64, 64, 5), "png");
        Path f = TestImages.writeBytes(dir.resolve("cut.png"), Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> decoder.decode(f)).isInstanceOf(BadImageException.class)
                .hasMessageContaining("cut.png");
    }

    @Test
    void corruptJpegIsBad() {
        byte[] bytes = TestImages.bytes(TestImages.rgb(64, 64, 5), "jpg");
        for (int i = 20; i < bytes.length - 2; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Path f = TestImages.writeBytes(dir.resolve("corrupt.jpg"), bytes);
        assertThatThrownBy(() -> decoder.decode(f)).isInstanceOf(BadImageException.class)
                .satisfies(e -> assertThat(((BadImageException) e).badImage().path()).isEqualTo(f));
    }

    @Test
    void hugePngHeaderIsRefusedBeforeDecoding() {
        Path f = TestImages.writeBytes(dir.resolve("bomb.png"), TestImages.pngHeader(100_000, 100_000));
        assertThatThrownBy(() -> decoder.decode(f)).isInstanceOf(BadImageException.class)
                .hasMessageContaining("100000x100000").hasMessageContaining("over the limit of 50.0 megapixels")
                .hasMessageContaining("data.max-pixels");
    }

    @Test
    void pixelLimitIsConfigurable() {
        Path f = TestImages.write(TestImages.rgb(20, 10, 0), "png", dir.resolve("small.png"));
        assertThat(new ImageDecoder(200).decode(f).width()).isEqualTo(20);
        assertThatThrownBy(() -> new ImageDecoder(199).decode(f)).isInstanceOf(BadImageException.class)
                .hasMessageContaining("20x10");
    }

    @Test
    void directoryNamedJpgIsUnreadable() throws Exception {
        Path d = Files.createDirectory(dir.resolve("x.jpg"));
        assertThatThrownBy(() -> decoder.decode(d)).isInstanceOf(BadImageException.class)
                .hasMessageContaining("cannot read: it is a directory");
    }

    @Test
    void missingFileIsUnreadable() {
        assertThatThrownBy(() -> decoder.decode(dir.resolve("gone.png"))).isInstanceOf(BadImageException.class)
                .hasMessageContaining("file not found");
    }

    @Test
    void unicodeAndSpacesInNames() {
        Path f = TestImages.write(TestImages.rgb(4, 4, 2), "png", dir.resolve("chats été").resolve("ünï cødé 猫.png"));
        assertThat(decoder.decode(f).width()).isEqualTo(4);
    }
}
