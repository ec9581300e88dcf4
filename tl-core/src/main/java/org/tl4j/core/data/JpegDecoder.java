package org.tl4j.core.data;

import java.util.Arrays;

/**
 * A JPEG decoder that gives exactly the pixels TensorFlow's {@code tf.io.decode_image(channels=3)} gives (what Keras's
 * {@code image_dataset_from_directory} decodes with): libjpeg-turbo with the fast integer IDCT ({@code jidctfst},
 * TensorFlow's default {@code dct_method}), fancy (triangle) chroma upsampling, libjpeg's YCbCr tables, CMYK and YCCK
 * turned into RGB as TensorFlow turns them, embedded colour profiles and EXIF ignored. Baseline, extended and
 * progressive Huffman JPEGs with 8-bit samples, 1, 3 or 4 components, any sampling factors libjpeg upsamples, and
 * restart markers. Everything else (arithmetic coding, 12-bit, lossless, hierarchical) is {@link Unsupported}: the
 * caller hands those to ImageIO.
 *
 * <p>Pure Java, so the values are the same with either backend and with no native library: ImageIO's reader (libjpeg
 * 6b with the accurate IDCT, no way to choose another) differs from TensorFlow by about 1 level on average and up to
 * 12–14 levels, which deep networks amplify. Each call decodes one image; instances are not shared.
 */
final class JpegDecoder {
    /** Zig-zag position → natural (row-major) position. Read 16 past the end by a corrupt run: padded with 63. */
    private static final int[] NATURAL = new int[64 + 16];

    /** libjpeg's {@code aanscales} (jddctmgr.c): the AA&N IDCT's column scale factors, scaled by 2^14. */
    private static final int[] AAN_SCALES = {
        16384, 22725, 21407, 19266, 16384, 12873, 8867, 4520,
        22725, 31521, 29692, 26722, 22725, 17855, 12299, 6270,
        21407, 29692, 27969, 25172, 21407, 16819, 11585, 5906,
        19266, 26722, 25172, 22654, 19266, 15137, 10426, 5315,
        16384, 22725, 21407, 19266, 16384, 12873, 8867, 4520,
        12873, 17855, 16819, 15137, 12873, 10114, 6967, 3552,
        8867, 12299, 11585, 10426, 8867, 6967, 4799, 2446,
        4520, 6270, 5906, 5315, 4520, 3552, 2446, 1247};

    /** libjpeg's YCbCr → RGB constants (jdcolor.c: FIX(x) with 16 fraction bits, ONE_HALF). */
    private static final int CR_R_FIX = 91881;
    private static final int CB_B_FIX = 116130;
    private static final int CR_G_FIX = -46802;
    private static final int CB_G_FIX = -22554;
    private static final int HALF = 1 << 15;

    static {
        int[] zigzag = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
            20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45,
            38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
        Arrays.fill(NATURAL, 63);
        System.arraycopy(zigzag, 0, NATURAL, 0, 64);
    }

    /** A JPEG this decoder does not handle (the caller tries another). */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** A JPEG that is corrupt or truncated: the message says how. */
    static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message, null, false, false);
        }
    }

    /** Checks the image size from the frame header before anything is decoded. */
    @FunctionalInterface
    interface SizeCheck {
        void check(int width, int height);
    }

    private static final class Component {
        final int id;
        final int h;
        final int v;
        final int tq;
        int width;               // samples, before upsampling (libjpeg's downsampled_width)
        int height;
        int blocksPerLine;       // blocks with data in a non-interleaved scan
        int blocksPerColumn;
        int stride;              // blocks per line in the planes, padded to whole MCUs
        short[] coefficients;    // progressive only: all blocks' coefficients, natural order
        byte[] plane;            // samples after the IDCT, stride * 8 wide
        int[] quant;             // the fast IDCT's multipliers, latched at the component's first scan (as libjpeg)
        int dcTable;
        int acTable;
        int pred;

        Component(int id, int h, int v, int tq) {
            this.id = id;
            this.h = h;
            this.v = v;
            this.tq = tq;
        }
    }

    /** A Huffman table with a 9-bit lookahead, as libjpeg's. */
    private static final class Huffman {
        private static final int LOOKAHEAD = 9;
        final short[] lookup = new short[1 << LOOKAHEAD];   // (length << 8) | value; 0 = longer code
        final int[] maxCode = new int[18];
        final int[] offset = new int[17];
        final byte[] values;

        Huffman(int[] counts, byte[] values) throws Corrupt {
            this.values = values;
            int code = 0;
            int k = 0;
            for (int len = 1; len <= 16; len++) {
                offset[len] = k - code;
                for (int i = 0; i < counts[len]; i++, k++, code++) {
                    if (len <= LOOKAHEAD) {
                        int shift = LOOKAHEAD - len;
                        short entry = (short) ((len << 8) | (values[k] & 0xff));
                        Arrays.fill(lookup, code << shift, (code + 1) << shift, entry);
                    }
                }
                if (code > (1 << len)) {
                    throw new Corrupt("bad Huffman table");
                }
                maxCode[len] = counts[len] > 0 ? code - 1 : -1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }
    }

    private final byte[] data;
    private final SizeCheck sizeCheck;
    private final int[][] fastQuantization = new int[4][];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    private Component[] components;
    private int width;
    private int height;
    private int maxH;
    private int maxV;
    private int mcusPerLine;
    private int mcusPerColumn;
    private boolean progressive;
    private int restartInterval;
    private boolean jfif;
    private boolean adobe;
    private int adobeTransform;
    private boolean scanned;

    // entropy decoder state
    private int pos;
    private long bits;
    private int bitCount;
    private boolean markerHit;
    private boolean atEnd;
    private int paddingBits;
    private int eobRun;

    private JpegDecoder(byte[] data, SizeCheck sizeCheck) {
        this.data = data;
        this.sizeCheck = sizeCheck;
    }

    /** Decodes a whole JPEG file to RGB. */
    static Rows decode(byte[] data, SizeCheck sizeCheck) throws Unsupported, Corrupt {
        try {
            return new JpegDecoder(data, sizeCheck).run();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new Corrupt("invalid JPEG structure");
        }
    }

    private Rows run() throws Unsupported, Corrupt {
        if (data.length < 4 || (data[0] & 0xff) != 0xFF || (data[1] & 0xff) != 0xD8) {
            throw new Unsupported("not a JPEG");
        }
        pos = 2;
        while (true) {
            int marker = nextMarker();
            if (marker == 0xD9) {
                break;   // EOI
            }
            if (marker == -1) {
                if (scanned && !progressive) {
                    break;   // a baseline file that ends after its data without EOI: libjpeg decodes it
                }
                throw new Corrupt("truncated (no end-of-image marker)");
            }
            if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
                continue;   // stray restart marker / TEM: no length
            }
            int length = u16(pos);
            int start = pos + 2;
            int end = pos + length;
            if (length < 2 || end > data.length) {
                throw new Corrupt("truncated segment");
            }
            switch (marker) {
                case 0xC0, 0xC1, 0xC2 -> frame(start, end, marker == 0xC2);
                case 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF ->
                        throw new Unsupported("lossless, hierarchical or arithmetic-coded JPEG");
                case 0xC4 -> huffman(start, end);
                case 0xDB -> quantization(start, end);
                case 0xDD -> restartInterval = u16(start);
                case 0xE0 -> jfif |= end - start >= 5 && matches(start, "JFIF\0");
                case 0xEE -> adobe(start, end);
                case 0xDA -> {
                    pos = end;
                    scan(start);
                    continue;
                }
                default -> {
                    // APPn (EXIF, ICC profiles: ignored, as TensorFlow ignores them), COM, DNL, ...
                }
            }
            pos = end;
        }
        if (components == null || !scanned) {
            throw new Corrupt("no image data");
        }
        if (progressive) {
            for (Component c : components) {
                idctAll(c);
            }
        }
        return new Rows();
    }

    /** The next marker's code, with {@link #pos} after it; -1 at the end of the data. Skips anything else. */
    private int nextMarker() {
        while (pos + 1 < data.length) {
            if ((data[pos] & 0xff) == 0xFF) {
                int m = data[pos + 1] & 0xff;
                if (m != 0 && m != 0xFF) {
                    pos += 2;
                    return m;
                }
                pos += m == 0xFF ? 1 : 2;
            } else {
                pos++;
            }
        }
        return -1;
    }

    private int u16(int p) {
        return ((data[p] & 0xff) << 8) | (data[p + 1] & 0xff);
    }

    private boolean matches(int p, String s) {
        for (int i = 0; i < s.length(); i++) {
            if ((data[p + i] & 0xff) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void adobe(int start, int end) {
        if (end - start >= 12 && matches(start, "Adobe")) {
            adobe = true;
            adobeTransform = data[start + 11] & 0xff;
        }
    }

    private void frame(int start, int end, boolean isProgressive) throws Unsupported, Corrupt {
        if (components != null) {
            throw new Corrupt("more than one frame");
        }
        if ((data[start] & 0xff) != 8) {
            throw new Unsupported((data[start] & 0xff) + "-bit samples");
        }
        progressive = isProgressive;
        height = u16(start + 1);
        width = u16(start + 3);
        int n = data[start + 5] & 0xff;
        if (height == 0) {
            throw new Unsupported("height given by a DNL marker");
        }
        if (width == 0) {
            throw new Corrupt("invalid image size " + width + "x" + height);
        }
        if (n != 1 && n != 3 && n != 4) {
            throw new Unsupported(n + " components");
        }
        if (end - start < 6 + 3 * n) {
            throw new Corrupt("truncated frame header");
        }
        sizeCheck.check(width, height);
        components = new Component[n];
        for (int i = 0; i < n; i++) {
            int p = start + 6 + 3 * i;
            int hv = data[p + 1] & 0xff;
            Component c = new Component(data[p] & 0xff, hv >> 4, hv & 15, data[p + 2] & 0xff);
            if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.tq > 3) {
                throw new Corrupt("invalid component sampling or table");
            }
            components[i] = c;
            maxH = Math.max(maxH, c.h);
            maxV = Math.max(maxV, c.v);
        }
        mcusPerLine = ceilDiv(width, 8 * maxH);
        mcusPerColumn = ceilDiv(height, 8 * maxV);
        for (Component c : components) {
            if (maxH % c.h != 0 || maxV % c.v != 0) {
                throw new Unsupported("fractional sampling factors");
            }
            c.width = ceilDiv(width * c.h, maxH);
            c.height = ceilDiv(height * c.v, maxV);
            c.blocksPerLine = ceilDiv(c.width, 8);
            c.blocksPerColumn = ceilDiv(c.height, 8);
            c.stride = mcusPerLine * c.h;
            int rows = mcusPerColumn * c.v;
            c.plane = new byte[c.stride * 8 * rows * 8];
            if (progressive) {
                c.coefficients = new short[c.stride * rows * 64];
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private void huffman(int start, int end) throws Corrupt {
        int p = start;
        while (p < end) {
            int tc = (data[p] & 0xff) >> 4;
            int th = data[p] & 15;
            if (tc > 1 || th > 3) {
                throw new Corrupt("invalid Huffman table");
            }
            int[] counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) {
                counts[i] = data[p + i] & 0xff;
                total += counts[i];
            }
            if (total > 256 || p + 17 + total > end) {
                throw new Corrupt("invalid Huffman table");
            }
            Huffman table = new Huffman(counts, Arrays.copyOfRange(data, p + 17, p + 17 + total));
            (tc == 0 ? dcTables : acTables)[th] = table;
            p += 17 + total;
        }
    }

    private void quantization(int start, int end) throws Corrupt {
        int p = start;
        while (p < end) {
            int pq = (data[p] & 0xff) >> 4;
            int tq = data[p] & 15;
            if (pq > 1 || tq > 3 || p + 1 + 64 * (pq + 1) > end) {
                throw new Corrupt("invalid quantization table");
            }
            int[] fast = new int[64];
            for (int k = 0; k < 64; k++) {
                int value = pq == 0 ? data[p + 1 + k] & 0xff : u16(p + 1 + 2 * k);
                int i = NATURAL[k];
                fast[i] = (value * AAN_SCALES[i] + (1 << 11)) >> 12;   // jddctmgr.c: scaled by 2^IFAST_SCALE_BITS
            }
            fastQuantization[tq] = fast;
            p += 1 + 64 * (pq + 1);
        }
    }

    // ---------------------------------------------------------------------------------------------- entropy decoding

    private void scan(int start) throws Corrupt {
        if (components == null) {
            throw new Corrupt("scan before frame header");
        }
        int n = data[start] & 0xff;
        if (n < 1 || n > 4) {
            throw new Corrupt("invalid scan header");
        }
        Component[] scan = new Component[n];
        for (int i = 0; i < n; i++) {
            int id = data[start + 1 + 2 * i] & 0xff;
            int tables = data[start + 2 + 2 * i] & 0xff;
            Component c = null;
            for (Component candidate : components) {
                if (candidate.id == id) {
                    c = candidate;
                }
            }
            if (c == null) {
                throw new Corrupt("scan names an unknown component");
            }
            c.dcTable = tables >> 4;
            c.acTable = tables & 15;
            if (c.dcTable > 3 || c.acTable > 3 || fastQuantization[c.tq] == null) {
                throw new Corrupt("scan uses a missing table");
            }
            if (c.quant == null) {
                c.quant = fastQuantization[c.tq];
            }
            scan[i] = c;
        }
        int p = start + 1 + 2 * n;
        int ss = data[p] & 0xff;
        int se = data[p + 1] & 0xff;
        int ah = (data[p + 2] & 0xff) >> 4;
        int al = data[p + 2] & 15;
        if (progressive ? ss > se || se > 63 || (ss == 0) != (se == 0) || (ss > 0 && n != 1)
                : ss != 0 || se != 63 || ah != 0 || al != 0) {
            throw new Corrupt("invalid scan parameters");
        }
        for (Component c : scan) {
            boolean needDc = !progressive || ss == 0 && ah == 0;
            boolean needAc = !progressive || ss > 0;
            if (needDc && dcTables[c.dcTable] == null || needAc && acTables[c.acTable] == null) {
                throw new Corrupt("scan uses a missing Huffman table");
            }
            c.pred = 0;
        }
        bits = 0;
        bitCount = 0;
        markerHit = false;
        paddingBits = 0;
        eobRun = 0;
        int[] block = new int[64];
        int[] workspace = new int[64];
        int mcus;
        int perLine;
        if (n == 1) {
            perLine = scan[0].blocksPerLine;
            mcus = perLine * scan[0].blocksPerColumn;
        } else {
            perLine = mcusPerLine;
            mcus = mcusPerLine * mcusPerColumn;
        }
        int restartsLeft = restartInterval;
        for (int m = 0; m < mcus; m++) {
            if (restartInterval > 0) {
                if (restartsLeft == 0) {
                    restart(scan);
                    restartsLeft = restartInterval;
                }
                restartsLeft--;
            }
            int row = m / perLine;
            int col = m % perLine;
            for (Component c : scan) {
                int blocksH = n == 1 ? 1 : c.h;
                int blocksV = n == 1 ? 1 : c.v;
                for (int v = 0; v < blocksV; v++) {
                    for (int h = 0; h < blocksH; h++) {
                        int by = row * blocksV + v;
                        int bx = col * blocksH + h;
                        if (progressive) {
                            int at = (by * c.stride + bx) * 64;
                            if (ss == 0) {
                                if (ah == 0) {
                                    dcFirst(c, at, al);
                                } else {
                                    dcRefine(c, at, al);
                                }
                            } else if (ah == 0) {
                                acFirst(c, at, ss, se, al);
                            } else {
                                acRefine(c, at, ss, se, al);
                            }
                        } else {
                            int at = (by * 8) * c.stride * 8 + bx * 8;
                            if (baselineBlock(c, block)) {
                                idct(block, workspace, c.plane, at, c.stride * 8);
                                Arrays.fill(block, 0);
                            } else {
                                flat(block[0], c.plane, at, c.stride * 8);
                            }
                        }
                    }
                }
            }
        }
        checkNotTruncated();
        scanned = true;
    }

    /** Skips to and past the restart marker; the entropy decoder starts afresh. */
    private void restart(Component[] scan) throws Corrupt {
        checkNotTruncated();
        bits = 0;
        bitCount = 0;
        paddingBits = 0;
        markerHit = false;
        eobRun = 0;
        for (Component c : scan) {
            c.pred = 0;
        }
        while (pos + 1 < data.length) {
            if ((data[pos] & 0xff) == 0xFF && (data[pos + 1] & 0xff) >= 0xD0 && (data[pos + 1] & 0xff) <= 0xD7) {
                pos += 2;
                return;
            }
            if ((data[pos] & 0xff) == 0xFF && data[pos + 1] != 0 && (data[pos + 1] & 0xff) != 0xFF) {
                return;   // another marker: libjpeg's resync leaves the data to it (zeros are decoded)
            }
            pos++;
        }
    }

    /**
     * Tops the bit buffer up to at least 57 bits. After a marker, zeros come in, as libjpeg decodes them; past the
     * end of the file too, counted in {@link #paddingBits}, so that a scan that used them is reported as truncated.
     */
    private void fill() {
        while (bitCount <= 56) {
            int b = 0;
            if (!markerHit) {
                if (pos >= data.length) {
                    markerHit = true;
                    atEnd = true;
                } else {
                    b = data[pos] & 0xff;
                    int next = b == 0xFF && pos + 1 < data.length ? data[pos + 1] & 0xff : 0;
                    if (b != 0xFF || next == 0) {
                        pos += b == 0xFF ? 2 : 1;
                    } else if (next == 0xFF) {
                        pos++;   // a fill byte
                        continue;
                    } else {
                        markerHit = true;   // a marker: left for the marker reader
                        b = 0;
                    }
                }
            }
            if (atEnd) {
                paddingBits += 8;
            }
            bits |= (long) b << (56 - bitCount);
            bitCount += 8;
        }
    }

    /** Fails when the scan so far has used bits from beyond the end of the file. */
    private void checkNotTruncated() throws Corrupt {
        if (bitCount < paddingBits) {
            throw new Corrupt("truncated (image data ends early)");
        }
    }

    private int decode(Huffman table) {
        if (bitCount < 16) {
            fill();
        }
        int entry = table.lookup[(int) (bits >>> (64 - Huffman.LOOKAHEAD))];
        if (entry != 0) {
            int len = entry >> 8;
            bits <<= len;
            bitCount -= len;
            return entry & 0xff;
        }
        int len = Huffman.LOOKAHEAD + 1;
        int code = (int) (bits >>> (64 - len));
        while (code > table.maxCode[len]) {
            len++;
            code = (int) (bits >>> (64 - len));
        }
        if (len > 16) {
            bits <<= 16;   // bad code (libjpeg warns and decodes a zero)
            bitCount -= 16;
            return 0;
        }
        bits <<= len;
        bitCount -= len;
        return table.values[(code + table.offset[len]) & 0xff] & 0xff;
    }

    private int receive(int n) {
        if (n == 0) {
            return 0;
        }
        if (bitCount < n) {
            fill();
        }
        int v = (int) (bits >>> (64 - n));
        bits <<= n;
        bitCount -= n;
        return v;
    }

    private static int extend(int v, int n) {
        return v < (1 << (n - 1)) ? v - (1 << n) + 1 : v;
    }

    private int receiveExtend(int n) {
        return n == 0 ? 0 : extend(receive(n), n);
    }

    /** Decodes one block's coefficients, dequantized, into {@code block}; whether any AC coefficient is non-zero. */
    private boolean baselineBlock(Component c, int[] block) {
        int t = decode(dcTables[c.dcTable]);
        c.pred += receiveExtend(t);
        int[] q = c.quant;
        block[0] = c.pred * q[0];
        Huffman ac = acTables[c.acTable];
        boolean any = false;
        for (int k = 1; k < 64; ) {
            int rs = decode(ac);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
                if (r != 15) {
                    break;
                }
                k += 16;
                continue;
            }
            k += r;
            int i = NATURAL[k];
            block[i] = receiveExtend(s) * q[i];
            any = true;
            k++;
        }
        return any;
    }

    private void dcFirst(Component c, int at, int al) {
        int t = decode(dcTables[c.dcTable]);
        c.pred += receiveExtend(t);
        c.coefficients[at] = (short) (c.pred << al);
    }

    private void dcRefine(Component c, int at, int al) {
        if (receive(1) != 0) {
            c.coefficients[at] |= (short) (1 << al);
        }
    }

    private void acFirst(Component c, int at, int ss, int se, int al) {
        if (eobRun > 0) {
            eobRun--;
            return;
        }
        Huffman ac = acTables[c.acTable];
        short[] coef = c.coefficients;
        for (int k = ss; k <= se; ) {
            int rs = decode(ac);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
                if (r < 15) {
                    eobRun = (1 << r) - 1 + receive(r);
                    break;
                }
                k += 16;
                continue;
            }
            k += r;
            coef[at + NATURAL[k]] = (short) (receiveExtend(s) * (1 << al));
            k++;
        }
    }

    /** libjpeg's decode_mcu_AC_refine (jdphuff.c). */
    private void acRefine(Component c, int at, int ss, int se, int al) {
        int p1 = 1 << al;
        int m1 = -1 << al;
        short[] coef = c.coefficients;
        int k = ss;
        if (eobRun == 0) {
            Huffman ac = acTables[c.acTable];
            for (; k <= se; k++) {
                int rs = decode(ac);
                int r = rs >> 4;
                int s = rs & 15;
                if (s != 0) {
                    s = receive(1) != 0 ? p1 : m1;   // s is 1 in a valid file
                } else if (r != 15) {
                    eobRun = (1 << r) + receive(r);
                    break;
                }
                do {
                    int i = at + NATURAL[k];
                    if (coef[i] != 0) {
                        refine(coef, i, p1, m1);
                    } else if (--r < 0) {
                        break;
                    }
                    k++;
                } while (k <= se);
                if (s != 0 && k <= 63) {
                    coef[at + NATURAL[k]] = (short) s;
                }
            }
        }
        if (eobRun > 0) {
            for (; k <= se; k++) {
                int i = at + NATURAL[k];
                if (coef[i] != 0) {
                    refine(coef, i, p1, m1);
                }
            }
            eobRun--;
        }
    }

    private void refine(short[] coef, int i, int p1, int m1) {
        if (receive(1) != 0 && (coef[i] & p1) == 0) {
            coef[i] += (short) (coef[i] >= 0 ? p1 : m1);
        }
    }

    // --------------------------------------------------------------------------------------------------------- IDCT

    private void idctAll(Component c) {
        int[] block = new int[64];
        int[] workspace = new int[64];
        int[] q = c.quant;
        int rows = mcusPerColumn * c.v;
        for (int by = 0; by < rows; by++) {
            for (int bx = 0; bx < c.stride; bx++) {
                int at = (by * c.stride + bx) * 64;
                boolean any = false;
                for (int i = 0; i < 64; i++) {
                    block[i] = c.coefficients[at + i] * q[i];
                    any |= i > 0 && block[i] != 0;
                }
                int outAt = by * 8 * c.stride * 8 + bx * 8;
                if (any) {
                    idct(block, workspace, c.plane, outAt, c.stride * 8);
                } else {
                    flat(block[0], c.plane, outAt, c.stride * 8);
                }
            }
        }
        c.coefficients = null;
    }

    /** The IDCT of a block whose AC coefficients are all zero (dequantized DC given): jidctfst's shortcuts. */
    private static void flat(int dc, byte[] out, int outAt, int outStride) {
        byte v = clamp(dc >> 5);
        for (int r = 0; r < 8; r++, outAt += outStride) {
            Arrays.fill(out, outAt, outAt + 8, v);
        }
    }

    private static int mul(int v, int c) {
        return (v * c) >> 8;   // jidctfst.c's MULTIPLY: CONST_BITS 8, truncating
    }

    /**
     * libjpeg's {@code jpeg_idct_ifast} (jidctfst.c, 8-bit samples) of dequantized coefficients: the AA&N scaled
     * integer IDCT with 8 fraction bits, truncating multiplies, 2 extra bits through the first pass; the output is
     * clamped to [0, 255].
     */
    private static void idct(int[] in, int[] ws, byte[] out, int outAt, int outStride) {
        for (int col = 0; col < 8; col++) {
            if (in[8 + col] == 0 && in[16 + col] == 0 && in[24 + col] == 0 && in[32 + col] == 0
                    && in[40 + col] == 0 && in[48 + col] == 0 && in[56 + col] == 0) {
                int dc = in[col];
                for (int r = 0; r < 64; r += 8) {
                    ws[r + col] = dc;
                }
                continue;
            }
            int tmp0 = in[col];
            int tmp1 = in[16 + col];
            int tmp2 = in[32 + col];
            int tmp3 = in[48 + col];
            int tmp10 = tmp0 + tmp2;
            int tmp11 = tmp0 - tmp2;
            int tmp13 = tmp1 + tmp3;
            int tmp12 = mul(tmp1 - tmp3, 362) - tmp13;
            tmp0 = tmp10 + tmp13;
            tmp3 = tmp10 - tmp13;
            tmp1 = tmp11 + tmp12;
            tmp2 = tmp11 - tmp12;
            int tmp4 = in[8 + col];
            int tmp5 = in[24 + col];
            int tmp6 = in[40 + col];
            int tmp7 = in[56 + col];
            int z13 = tmp6 + tmp5;
            int z10 = tmp6 - tmp5;
            int z11 = tmp4 + tmp7;
            int z12 = tmp4 - tmp7;
            tmp7 = z11 + z13;
            tmp11 = mul(z11 - z13, 362);
            int z5 = mul(z10 + z12, 473);
            tmp10 = mul(z12, 277) - z5;
            tmp12 = mul(z10, -669) + z5;
            tmp6 = tmp12 - tmp7;
            tmp5 = tmp11 - tmp6;
            tmp4 = tmp10 + tmp5;
            ws[col] = tmp0 + tmp7;
            ws[56 + col] = tmp0 - tmp7;
            ws[8 + col] = tmp1 + tmp6;
            ws[48 + col] = tmp1 - tmp6;
            ws[16 + col] = tmp2 + tmp5;
            ws[40 + col] = tmp2 - tmp5;
            ws[32 + col] = tmp3 + tmp4;
            ws[24 + col] = tmp3 - tmp4;
        }
        for (int row = 0, w = 0; row < 8; row++, w += 8, outAt += outStride) {
            if (ws[w + 1] == 0 && ws[w + 2] == 0 && ws[w + 3] == 0 && ws[w + 4] == 0 && ws[w + 5] == 0
                    && ws[w + 6] == 0 && ws[w + 7] == 0) {
                byte dc = clamp(ws[w] >> 5);
                Arrays.fill(out, outAt, outAt + 8, dc);
                continue;
            }
            int tmp10 = ws[w] + ws[w + 4];
            int tmp11 = ws[w] - ws[w + 4];
            int tmp13 = ws[w + 2] + ws[w + 6];
            int tmp12 = mul(ws[w + 2] - ws[w + 6], 362) - tmp13;
            int tmp0 = tmp10 + tmp13;
            int tmp3 = tmp10 - tmp13;
            int tmp1 = tmp11 + tmp12;
            int tmp2 = tmp11 - tmp12;
            int z13 = ws[w + 5] + ws[w + 3];
            int z10 = ws[w + 5] - ws[w + 3];
            int z11 = ws[w + 1] + ws[w + 7];
            int z12 = ws[w + 1] - ws[w + 7];
            int tmp7 = z11 + z13;
            tmp11 = mul(z11 - z13, 362);
            int z5 = mul(z10 + z12, 473);
            tmp10 = mul(z12, 277) - z5;
            tmp12 = mul(z10, -669) + z5;
            int tmp6 = tmp12 - tmp7;
            int tmp5 = tmp11 - tmp6;
            int tmp4 = tmp10 + tmp5;
            out[outAt] = clamp((tmp0 + tmp7) >> 5);
            out[outAt + 7] = clamp((tmp0 - tmp7) >> 5);
            out[outAt + 1] = clamp((tmp1 + tmp6) >> 5);
            out[outAt + 6] = clamp((tmp1 - tmp6) >> 5);
            out[outAt + 2] = clamp((tmp2 + tmp5) >> 5);
            out[outAt + 5] = clamp((tmp2 - tmp5) >> 5);
            out[outAt + 4] = clamp((tmp3 + tmp4) >> 5);
            out[outAt + 3] = clamp((tmp3 - tmp4) >> 5);
        }
    }

    private static byte clamp(int v) {
        int s = v + 128;
        return (byte) (s < 0 ? 0 : s > 255 ? 255 : s);
    }

    // ------------------------------------------------------------------------------------- upsampling and colour

    /**
     * The decoded image: each row is upsampled and converted to RGB when it is read (the resizer reads each row once,
     * in order), so no full-size RGB copy is made.
     */
    final class Rows implements RgbRows {
        private final byte[][] upsampled = new byte[components.length][];
        private final int[] colsum = new int[width + 3];
        private final byte[] rgb = new byte[width * 3];
        private final boolean ycc = components.length == 3 && colourIsYcc();
        private final boolean ycck = components.length == 4 && adobe && adobeTransform != 0;
        private int row = -1;

        Rows() {
            for (int i = 0; i < components.length; i++) {
                Component c = components[i];
                upsampled[i] = new byte[Math.max(width, c.width * (maxH / c.h)) + 2];
            }
        }

        @Override
        public int height() {
            return height;
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public void read(int y, int x0, int count, float[] dst, int offset) {
            if (y != row) {
                for (int i = 0; i < components.length; i++) {
                    upsample(components[i], y, upsampled[i], colsum);
                }
                if (!ycc) {
                    convert();
                }
                row = y;
            }
            if (ycc) {
                yccToRgb(upsampled[0], upsampled[1], upsampled[2], x0, count, dst, offset);
                return;
            }
            int p = x0 * 3;
            int end = offset + count * 3;
            for (int o = offset; o < end; o++) {
                dst[o] = rgb[p++] & 0xff;
            }
        }

        /** The upsampled row in RGB bytes, for all but YCbCr (converted straight to floats by {@link #read}). */
        private void convert() {
            int n = components.length;
            if (n == 1) {
                byte[] g = upsampled[0];
                for (int x = 0, o = 0; x < width; x++, o += 3) {
                    rgb[o] = g[x];
                    rgb[o + 1] = g[x];
                    rgb[o + 2] = g[x];
                }
            } else if (n == 3 && !ycc) {
                for (int x = 0, o = 0; x < width; x++, o += 3) {
                    rgb[o] = upsampled[0][x];
                    rgb[o + 1] = upsampled[1][x];
                    rgb[o + 2] = upsampled[2][x];
                }
            } else {
                cmykToRgb(upsampled, rgb, 0, ycck);
            }
        }
    }

    /** libjpeg's guess of a 3-component file's colour space (jdapimin.c): YCbCr unless marked or named RGB. */
    private boolean colourIsYcc() {
        if (jfif) {
            return true;
        }
        if (adobe) {
            return adobeTransform != 0;
        }
        return !(components[0].id == 'R' && components[1].id == 'G' && components[2].id == 'B');
    }

    /** {@link #yccToRgb(byte[], byte[], byte[], byte[], int, boolean)} of part of a row, to floats. */
    private static void yccToRgb(byte[] ys, byte[] cbs, byte[] crs, int x0, int count, float[] dst, int o) {
        for (int x = x0; x < x0 + count; x++, o += 3) {
            int yv = ys[x] & 0xff;
            int cb = (cbs[x] & 0xff) - 128;
            int cr = (crs[x] & 0xff) - 128;
            int r = yv + ((CR_R_FIX * cr + HALF) >> 16);
            int g = yv + ((CB_G_FIX * cb + CR_G_FIX * cr + HALF) >> 16);
            int b = yv + ((CB_B_FIX * cb + HALF) >> 16);
            dst[o] = r < 0 ? 0 : r > 255 ? 255 : r;
            dst[o + 1] = g < 0 ? 0 : g > 255 ? 255 : g;
            dst[o + 2] = b < 0 ? 0 : b > 255 ? 255 : b;
        }
    }

    /** libjpeg's ycc_rgb_convert (jdcolor.c), its tables' values computed in place; inverted for YCCK → CMYK. */
    private void yccToRgb(byte[] ys, byte[] cbs, byte[] crs, byte[] out, int o, boolean inverted) {
        int flip = inverted ? 255 : 0;
        for (int x = 0; x < width; x++, o += 3) {
            int yv = ys[x] & 0xff;
            int cb = (cbs[x] & 0xff) - 128;
            int cr = (crs[x] & 0xff) - 128;
            int r = yv + ((CR_R_FIX * cr + HALF) >> 16);
            int g = yv + ((CB_G_FIX * cb + CR_G_FIX * cr + HALF) >> 16);
            int b = yv + ((CB_B_FIX * cb + HALF) >> 16);
            out[o] = (byte) (flip ^ (r < 0 ? 0 : r > 255 ? 255 : r));
            out[o + 1] = (byte) (flip ^ (g < 0 ? 0 : g > 255 ? 255 : g));
            out[o + 2] = (byte) (flip ^ (b < 0 ? 0 : b > 255 ? 255 : b));
        }
    }

    /**
     * libjpeg's YCCK → CMYK where needed, then TensorFlow's CMYK → RGB (jpeg_mem.cc): Adobe-marked files hold
     * inverted CMYK, {@code r = k * c / 255}; others {@code r = (255 - k) * (255 - c) / 255}.
     */
    private void cmykToRgb(byte[][] rows, byte[] out, int o, boolean ycck) {
        byte[] cmy = rows[0];
        byte[] m = rows[1];
        byte[] yel = rows[2];
        if (ycck) {
            byte[] converted = new byte[width * 3];
            yccToRgb(rows[0], rows[1], rows[2], converted, 0, true);
            cmy = new byte[width];
            m = new byte[width];
            yel = new byte[width];
            for (int x = 0; x < width; x++) {
                cmy[x] = converted[3 * x];
                m[x] = converted[3 * x + 1];
                yel[x] = converted[3 * x + 2];
            }
        }
        byte[] k = rows[3];
        for (int x = 0; x < width; x++, o += 3) {
            int kv = k[x] & 0xff;
            int c = cmy[x] & 0xff;
            int mv = m[x] & 0xff;
            int yv = yel[x] & 0xff;
            if (adobe) {
                out[o] = (byte) (kv * c / 255);
                out[o + 1] = (byte) (kv * mv / 255);
                out[o + 2] = (byte) (kv * yv / 255);
            } else {
                out[o] = (byte) ((255 - kv) * (255 - c) / 255);
                out[o + 1] = (byte) ((255 - kv) * (255 - mv) / 255);
                out[o + 2] = (byte) ((255 - kv) * (255 - yv) / 255);
            }
        }
    }

    private static int clamp255(int v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    /**
     * Row {@code y} of the full-size image for one component, as libjpeg-turbo's upsamplers make it (jdsample.c):
     * fancy (triangle) for h2v1, h1v2 and h2v2 when the component is more than 2 samples wide, replication otherwise;
     * edges repeat the last real sample and row.
     */
    private void upsample(Component c, int y, byte[] out, int[] colsum) {
        int hf = maxH / c.h;
        int vf = maxV / c.v;
        byte[] p = c.plane;
        int stride = c.stride * 8;
        int w = c.width;
        if (hf == 1 && vf == 1) {
            System.arraycopy(p, y * stride, out, 0, width);
        } else if (hf == 2 && vf == 1 && w > 2) {
            int row = y * stride;
            for (int x = 0; x < w; x++) {
                int here = (p[row + x] & 0xff) * 3;
                int left = p[row + Math.max(x - 1, 0)] & 0xff;
                int right = p[row + Math.min(x + 1, w - 1)] & 0xff;
                out[2 * x] = (byte) ((here + left + 1) >> 2);
                out[2 * x + 1] = (byte) ((here + right + 2) >> 2);
            }
        } else if (hf == 1 && vf == 2) {
            int cy = y >> 1;
            int other = (y & 1) == 0 ? Math.max(cy - 1, 0) : Math.min(cy + 1, c.height - 1);
            int bias = (y & 1) == 0 ? 1 : 2;
            int row = cy * stride;
            int orow = other * stride;
            for (int x = 0; x < w; x++) {
                out[x] = (byte) (((p[row + x] & 0xff) * 3 + (p[orow + x] & 0xff) + bias) >> 2);
            }
        } else if (hf == 2 && vf == 2 && w > 2) {
            int cy = y >> 1;
            int other = (y & 1) == 0 ? Math.max(cy - 1, 0) : Math.min(cy + 1, c.height - 1);
            int row = cy * stride;
            int orow = other * stride;
            for (int x = 0; x < w; x++) {
                colsum[x + 1] = (p[row + x] & 0xff) * 3 + (p[orow + x] & 0xff);
            }
            colsum[0] = colsum[1];   // the edges repeat the last real sample
            colsum[w + 1] = colsum[w];
            for (int x = 0; x < w; x++) {
                int here = colsum[x + 1] * 3;
                out[2 * x] = (byte) ((here + colsum[x] + 8) >> 4);
                out[2 * x + 1] = (byte) ((here + colsum[x + 2] + 7) >> 4);
            }
        } else {
            int row = (y / vf) * stride;
            for (int x = 0; x < width; x++) {
                out[x] = p[row + x / hf];
            }
        }
    }
}
