package org.tl4j.core.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests of file contents and strings, as lower-case hex, for cache keys and provenance. */
public final class ContentHash {
    private ContentHash() {
    }

    /** The SHA-256 of the bytes, 64 hex digits. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** The SHA-256 of a string's UTF-8 bytes. */
    public static String sha256(String text) {
        return sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The first 64 bits of a hex digest, as a seed key. */
    public static long key(String hexDigest) {
        return Long.parseUnsignedLong(hexDigest.substring(0, 16), 16);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
