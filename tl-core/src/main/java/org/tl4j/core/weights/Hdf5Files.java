package org.tl4j.core.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import org.tl4j.api.WeightsException;

/**
 * Checks that a file is a complete HDF5 file before jhdf opens it: not empty, an HDF5 signature at one of the
 * places the format allows (0, 512, 1024, …), and at least as many bytes as the superblock's end-of-file address
 * declares. jhdf opens a truncated file without complaint and fails later, or not at all for the layers it reads
 * before the cut; this check turns all of that into one clear message.
 */
final class Hdf5Files {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final String FETCH_AGAIN = "delete it and fetch it again (tl weights fetch), or place a good copy "
            + "by hand";

    private Hdf5Files() {
    }

    /** Throws a {@link WeightsException} naming the file unless it is an existing, complete HDF5 file. */
    static void checkIntact(Path file) {
        if (!Files.exists(file)) {
            throw new WeightsException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new WeightsException(file + ": not a regular file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new WeightsException(file + ": the file is empty (0 bytes); " + FETCH_AGAIN);
            }
            long at = signatureOffset(ch, size);
            if (at < 0) {
                throw new WeightsException(file + ": not an HDF5 file (no HDF5 signature" + looksLike(ch, size)
                        + "); expected a Keras .h5 weight file");
            }
            long declared = declaredSize(ch, at, size);
            if (declared > size) {
                throw new WeightsException(file + ": the file is truncated: it has " + size
                        + " bytes but its HDF5 superblock declares " + declared + "; " + FETCH_AGAIN);
            }
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read the file: " + e, e);
        }
    }

    private static long signatureOffset(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SIGNATURE.length);
        for (long at = 0; at + SIGNATURE.length <= size; at = at == 0 ? 512 : at * 2) {
            buf.clear();
            if (read(ch, buf, at) == SIGNATURE.length && Arrays.equals(buf.array(), SIGNATURE)) {
                return at;
            }
        }
        return -1;
    }

    /**
     * The size the superblock at {@code at} declares (base address + end-of-file address), {@code size} when the
     * superblock version is unknown or the address undefined, and {@code Long.MAX_VALUE} when even the superblock
     * is cut off.
     */
    private static long declaredSize(FileChannel ch, long at, long size) throws IOException {
        ByteBuffer sb = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        int n = read(ch, sb, at);
        if (n < 16) {
            return Long.MAX_VALUE;
        }
        int version = sb.get(8) & 0xff;
        int offsetSize;
        int baseAt;
        switch (version) {
            case 0, 1 -> {
                offsetSize = sb.get(13) & 0xff;
                baseAt = version == 0 ? 24 : 28;
            }
            case 2, 3 -> {
                offsetSize = sb.get(9) & 0xff;
                baseAt = 12;
            }
            default -> {
                return size;
            }
        }
        if (offsetSize != 2 && offsetSize != 4 && offsetSize != 8) {
            return size;
        }
        int eofAt = baseAt + 2 * offsetSize;
        if (n < eofAt + offsetSize) {
            return Long.MAX_VALUE;
        }
        long base = unsigned(sb, baseAt, offsetSize);
        long eof = unsigned(sb, eofAt, offsetSize);
        if (eof == -1 || eof == undefined(offsetSize)) {
            return size;
        }
        if (base == -1 || base == undefined(offsetSize)) {
            base = at;
        }
        return base + eof < 0 ? Long.MAX_VALUE : base + eof;
    }

    private static long unsigned(ByteBuffer b, int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (b.get(at + i) & 0xff);
        }
        return v;
    }

    private static long undefined(int bytes) {
        return bytes == 8 ? -1 : (1L << (8 * bytes)) - 1;
    }

    private static int read(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, position + total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    /** A hint about what a non-HDF5 file is, e.g. an HTML error page saved in place of the download. */
    private static String looksLike(FileChannel ch, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 256));
        read(ch, head, 0);
        String text = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1).stripLeading()
                .toLowerCase(Locale.ROOT);
        if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.startsWith("<?xml")) {
            return "; it looks like an HTML or XML page, perhaps an error page saved by a download";
        }
        return size < SIGNATURE.length ? "; only " + size + " bytes" : "";
    }
}
