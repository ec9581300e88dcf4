package org.tl4j.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The daemon protocol, over a Unix domain socket. The client sends one request: {@link #MAGIC}, {@link #VERSION}, a
 * kind ({@link #RUN}, {@link #STATUS} or {@link #STOP}) and, for a run, its working folder, its {@code TL4J_TRACE}
 * setting and its arguments. The daemon answers with frames: a type byte, then the type's payload: bytes for standard
 * output or error ({@code int} length, bytes), the exit code ({@code int}), or a sentence ({@link #BUSY},
 * {@link #REFUSED}, {@link #INFO}). Strings are {@code int} length and UTF-8 bytes.
 */
final class Frames {
    static final int MAGIC = 0x544c3464; // "TL4d"
    static final int VERSION = 1;

    /** Request kinds. */
    static final byte RUN = 1;
    static final byte STATUS = 2;
    static final byte STOP = 3;

    /** Answer frame types. */
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte EXIT = 3;
    /** Another command is running: the client runs the command itself. */
    static final byte BUSY = 4;
    /** The daemon cannot run this request (another folder, another protocol version): the client runs it itself. */
    static final byte REFUSED = 5;
    /** A status line. */
    static final byte INFO = 6;

    /** Exit status of the client when the daemon did not take the command: the launcher runs it in a fresh JVM. */
    static final int NOT_TAKEN = 75;
    /** Exit status of the client when no daemon listens on the socket: the launcher starts one. */
    static final int NOT_LISTENING = 76;

    /** Longest string or output chunk accepted (a request's arguments are short; output comes in small chunks). */
    private static final int MAX_BYTES = 1 << 24;

    private Frames() {
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_BYTES) {
            throw new IOException("daemon protocol: a frame of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /**
     * A stream that reads from the channel. Not {@code Channels.newInputStream}: its reads and
     * {@code Channels.newOutputStream}'s writes hold the same lock, so a thread waiting for the client to close would
     * block every write of a command's output.
     */
    static InputStream in(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** A stream that writes to the channel (see {@link #in}). */
    static OutputStream out(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
        };
    }

    /** Reads a frame type, or returns -1 at the end of the stream. */
    static int readType(DataInputStream in) throws IOException {
        try {
            return in.readUnsignedByte();
        } catch (EOFException e) {
            return -1;
        }
    }
}
