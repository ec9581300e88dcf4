package org.tl4j.core.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.tl4j.api.WeightsException;
import org.tl4j.spi.WeightFile;

/** Hash algorithms and hex digests of weight files, following Keras's rules for {@code get_file}. */
final class Digests {
    private Digests() {
    }

    /**
     * The JDK name of the algorithm that checks {@code file}'s hash, or null when it has none. An absent or
     * {@code auto} algorithm is chosen as Keras does: 64 hex digits mean SHA-256, anything else MD5.
     */
    static String algorithm(WeightFile file) {
        if (file.hash() == null || file.hash().isBlank()) {
            return null;
        }
        String a = file.hashAlgorithm();
        if (a == null || a.isBlank() || a.equalsIgnoreCase("auto")) {
            return file.hash().strip().length() == 64 ? "SHA-256" : "MD5";
        }
        return javaName(a);
    }

    /** The JDK name of {@code md5}, {@code sha256}, {@code sha-256}, … ; throws for others. */
    static String javaName(String algorithm) {
        return switch (algorithm.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new WeightsException("unknown hash algorithm '" + algorithm
                    + "'; use md5 or sha256");
        };
    }

    /** The command that prints the same digest in a shell, e.g. {@code md5sum}. */
    static String shellCommand(String javaName) {
        return javaName.toLowerCase(Locale.ROOT).replace("-", "") + "sum";
    }

    static MessageDigest create(String javaName) {
        try {
            return MessageDigest.getInstance(javaName);
        } catch (NoSuchAlgorithmException e) {
            throw new WeightsException("this Java runtime has no " + javaName + " digest", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The lower-case hex digest of a file. */
    static String of(Path file, String javaName) throws IOException {
        MessageDigest md = create(javaName);
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return hex(md);
    }

    /** Whether two hex digests are equal, ignoring case and surrounding blanks. */
    static boolean same(String a, String b) {
        return a.strip().equalsIgnoreCase(b.strip());
    }
}
