package org.tl4j.cli;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.tl4j.api.DataException;

/**
 * Unpacks {@code .zip} and {@code .tgz}/{@code .tar.gz} archives (ustar and GNU long names) into a folder, refusing
 * entries that would land outside it.
 */
final class Archives {
    private static final int BLOCK = 512;
    /** GNU tar writes a path's bytes; Linux paths are at most 4096. */
    private static final int MAX_LONG_NAME = 1 << 16;

    private Archives() {
    }

    /** Unpacks {@code archive} into {@code target} (created); returns the number of files written. */
    static int unpack(Path archive, Path target) throws IOException {
        Files.createDirectories(target);
        String name = archive.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            if (name.endsWith(".zip")) {
                return unzip(in, target, archive);
            }
            if (name.endsWith(".tgz") || name.endsWith(".tar.gz")) {
                return untar(new GZIPInputStream(in, 1 << 16), target, archive);
            }
        } catch (FileSystemException e) {
            throw e; // a file or folder of the target: permissions, a full disk
        } catch (IOException e) {
            throw new DataException("cannot unpack archive " + archive + " (" + e.getMessage() + "); it is damaged or "
                    + "incomplete: download it again", e);
        }
        throw new DataException("cannot unpack " + archive + ": only .zip, .tgz and .tar.gz are supported");
    }

    private static int unzip(InputStream in, Path target, Path archive) throws IOException {
        int files = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path out = inside(target, e.getName(), archive);
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                    files++;
                }
            }
        }
        return files;
    }

    private static int untar(InputStream in, Path target, Path archive) throws IOException {
        int files = 0;
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (readFully(in, header)) {
            if (isZero(header)) {
                break;
            }
            String name = longName != null ? longName : field(header, 0, 100);
            longName = null;
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty() && field(header, 257, 6).startsWith("ustar")) {
                name = prefix + "/" + name;
            }
            long size = size(header, name, archive);
            char type = (char) header[156];
            if (type == 'L') {
                if (size > MAX_LONG_NAME) {
                    throw new DataException("archive " + archive + " is damaged: an entry's long-name header claims "
                            + size + " bytes (at most " + MAX_LONG_NAME + " expected); download it again");
                }
                byte[] body = in.readNBytes((int) size);
                skip(in, pad(size));
                longName = new String(body, StandardCharsets.UTF_8).replace("\0", "");
                continue;
            }
            Path out = inside(target, name, archive);
            if (type == '5') {
                Files.createDirectories(out);
            } else if (type == '0' || type == '\0') {
                Files.createDirectories(out.getParent());
                Files.copy(new Bounded(in, size), out, StandardCopyOption.REPLACE_EXISTING);
                files++;
            } else {
                skip(in, size); // links, pax headers and devices are not needed for image datasets
            }
            skip(in, pad(size));
        }
        return files;
    }

    /** The entry's size field (octal). */
    private static long size(byte[] header, String name, Path archive) {
        String octal = field(header, 124, 12).trim();
        try {
            long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new DataException("archive " + archive + " is damaged: the header of entry '" + name + "' has the size '"
                + octal + "'; download it again");
    }

    private static Path inside(Path target, String name, Path archive) {
        Path out = target.resolve(name).normalize();
        if (!out.startsWith(target.normalize())) {
            throw new DataException("archive " + archive + " has an entry outside its folder: " + name);
        }
        return out;
    }

    private static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] buf) throws IOException {
        int n = in.readNBytes(buf, 0, buf.length);
        if (n == 0) {
            return false;
        }
        if (n < buf.length) {
            throw new EOFException("the archive ends in the middle of an entry");
        }
        return true;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the archive ends in the middle of an entry");
                }
                s = 1;
            }
            left -= s;
        }
    }

    /** A view of the next {@code size} bytes of a stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the archive ends in the middle of an entry");
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the archive ends in the middle of an entry");
            }
            left -= n;
            return n;
        }
    }
}
