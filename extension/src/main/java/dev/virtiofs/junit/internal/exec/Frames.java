package dev.virtiofs.junit.internal.exec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The exec agent's frames, as bytes: id (u32), type (u8), length (u32), payload, big-endian (see
 * {@code guest-image/src/main/guest/agent.c}). Pure functions, so the protocol is tested without a
 * guest.
 */
final class Frames {

  static final int HEADER = 9;

  private Frames() {}

  /** One whole frame, ready to write. */
  static ByteBuffer frame(int id, char type, byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
    frame.putInt(id).put((byte) type).putInt(payload.length).put(payload).flip();
    return frame;
  }

  /** The payload of 'X' (and, after uid and gid, 'U'): the command, then its whole stdin. */
  static byte[] command(byte[] prefix, String command, byte[] stdin) {
    byte[] text = command.getBytes(StandardCharsets.UTF_8);
    byte[] input = stdin == null ? new byte[0] : stdin;
    return ByteBuffer.allocate(prefix.length + 4 + text.length + input.length)
        .put(prefix).putInt(text.length).put(text).put(input).array();
  }

  /** The payload of 'B': the window of unacknowledged output per stream, then the command. */
  static byte[] streamingStart(int window, String command) {
    return command(ByteBuffer.allocate(4).putInt(window).array(), command, null);
  }

  /** The payload of 'A': stdout and stderr bytes consumed since the last acknowledgement. */
  static byte[] acknowledgement(int stdout, int stderr) {
    return ByteBuffer.allocate(8).putInt(stdout).putInt(stderr).array();
  }

  /** A u32 payload: the signal of 'G', the status of 'S', the credit of 'C'. */
  static byte[] u32(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  /** Reads a u32 payload. */
  static int u32(byte[] payload) {
    return ByteBuffer.wrap(payload).getInt();
  }
}
