package org.tl4j.core.data;

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
import org.tl4j.api.config.IccProfiles;
import org.tl4j.api.config.JpegDecoding;

class ImageDecoderTests {
    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder();
    private final ImageDecoder accurate = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS, JpegDecoding.ACCURATE,
            IccProfiles.APPLY);

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

    /** A four-channel (CMYK) JPEG, 8 × 6, as the JDK's writer writes a four-band raster. */
    private static byte[] cmykJpeg() throws Exception {
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
        return bytes.toByteArray();
    }

    @Test
    void fourChannelCmykJpegDecodesToRgb() throws Exception {
        Path f = TestImages.writeBytes(dir.resolve("cmyk.jpg"), cmykJpeg());
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

    /** TwelveMonkeys' JPEG reader, the one ImageIO picks first, for comparison. */
    private static java.awt.image.Raster twelveMonkeys(byte[] jpeg) throws Exception {
        java.util.Iterator<javax.imageio.spi.ImageReaderSpi> spis = javax.imageio.spi.IIORegistry.getDefaultInstance()
                .getServiceProviders(javax.imageio.spi.ImageReaderSpi.class, false);
        while (spis.hasNext()) {
            javax.imageio.spi.ImageReaderSpi spi = spis.next();
            if (spi.getClass().getName().startsWith("com.twelvemonkeys.imageio.plugins.jpeg")) {
                javax.imageio.ImageReader r = spi.createReaderInstance();
                try (javax.imageio.stream.ImageInputStream in = new javax.imageio.stream.MemoryCacheImageInputStream(
                        new java.io.ByteArrayInputStream(jpeg))) {
                    r.setInput(in);
                    return r.read(0).getRaster();
                } finally {
                    r.dispose();
                }
            }
        }
        throw new AssertionError("TwelveMonkeys' JPEG reader is not registered");
    }

    private static byte[] jpeg(BufferedImage img, boolean progressive) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        }
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The JPEG with a segment inserted right after SOI. */
    private static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        byte[] out = new byte[jpeg.length + 4 + payload.length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) marker;
        out[4] = (byte) ((payload.length + 2) >> 8);
        out[5] = (byte) (payload.length + 2);
        System.arraycopy(payload, 0, out, 6, payload.length);
        System.arraycopy(jpeg, 2, out, 6 + payload.length, jpeg.length - 2);
        return out;
    }

    @Test
    void plainJpegsDecodeToTheValuesTwelveMonkeysGives() throws Exception {
        BufferedImage gray = new BufferedImage(21, 13, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage colour = TestImages.rgb(37, 23, 7);
        for (int y = 0; y < 13; y++) {
            for (int x = 0; x < 21; x++) {
                gray.getRaster().setSample(x, y, 0, (x * 11 + y * 7) % 256);
            }
        }
        byte[][] files = {jpeg(colour, false), jpeg(colour, true), jpeg(gray, false)};
        for (byte[] f : files) {
            assertThat(ImageDecoder.isPlainJpeg(f)).isTrue();
            java.awt.image.Raster expected = twelveMonkeys(f);
            RgbImage out = accurate.decode(dir.resolve("x.jpg"), f);
            assertThat(out.width()).isEqualTo(expected.getWidth());
            for (int y = 0; y < expected.getHeight(); y++) {
                for (int x = 0; x < expected.getWidth(); x++) {
                    for (int c = 0; c < 3; c++) {
                        int band = expected.getNumBands() == 1 ? 0 : c;
                        assertThat(out.get(y, x, c)).as("(%d, %d, %d)", y, x, c)
                                .isEqualTo(expected.getSample(x, y, band));
                    }
                }
            }
        }
    }

    @Test
    void jpegsWithProfilesAdobeMarkersOrFourChannelsAreNotPlain() throws Exception {
        byte[] plain = jpeg(TestImages.rgb(9, 8, 2), false);
        byte[] icc = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData();
        byte[] app2 = new byte[14 + Math.min(icc.length, 60000)];
        System.arraycopy("ICC_PROFILE".getBytes(StandardCharsets.US_ASCII), 0, app2, 0, 11);
        app2[12] = 1;
        app2[13] = 1;
        System.arraycopy(icc, 0, app2, 14, app2.length - 14);
        byte[] withIcc = withSegment(plain, 0xE2, app2);
        byte[] adobe = withSegment(plain, 0xEE, "Adobe\0\144\0\0\0\0\1".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ImageDecoder.isPlainJpeg(plain)).isTrue();
        assertThat(ImageDecoder.isPlainJpeg(withIcc)).isFalse();
        assertThat(ImageDecoder.isPlainJpeg(adobe)).isFalse();
        assertThat(ImageDecoder.isPlainJpeg(cmykJpeg())).isFalse();
        assertThat(ImageDecoder.isPlainJpeg(Arrays.copyOf(plain, 3))).isFalse();
        assertThat(ImageDecoder.isPlainJpeg(Arrays.copyOf(plain, 40))).as("cut before the frame header").isFalse();
        assertThat(ImageDecoder.isPlainJpeg(TestImages.bytes(TestImages.rgb(4, 4, 1), "png"))).isFalse();
        // not plain: decoded by the registered readers, to the same values here (an sRGB profile)
        RgbImage a = decoder.decode(dir.resolve("plain.jpg"), plain);
        RgbImage b = decoder.decode(dir.resolve("icc.jpg"), withIcc);
        assertThat(b.pixels()).containsExactly(a.pixels());
    }
}
