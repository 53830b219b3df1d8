package dev.virtiofs.junit.internal.exec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The exec agent's frames, as bytes: id (u32), type (u8, a {@link FrameType}), length (u32),
 * payload, big-endian (see {@code guest-image/src/main/guest/agent.c}). Pure functions, so the
 * protocol is tested without a guest.
 */
final class Frames {

  static final int HEADER = 9;

  private Frames() {}

  /** One whole frame, ready to write. */
  static ByteBuffer frame(int id, FrameType type, byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
    frame.putInt(id).put(type.code()).putInt(payload.length).put(payload).flip();
    return frame;
  }

  /** The payload of {@code EXEC} (after uid and gid, {@code EXEC_AS}): the command, its stdin. */
  static byte[] command(byte[] prefix, String command, byte[] stdin) {
    byte[] text = command.getBytes(StandardCharsets.UTF_8);
    byte[] input = stdin == null ? new byte[0] : stdin;
    return ByteBuffer.allocate(prefix.length + 4 + text.length + input.length)
        .put(prefix).putInt(text.length).put(text).put(input).array();
  }

  /** The payload of {@code STREAM}: the window of unacknowledged output per stream, the command. */
  static byte[] streamingStart(int window, String command) {
    return command(ByteBuffer.allocate(4).putInt(window).array(), command, null);
  }

  /** The payload of {@code ACKNOWLEDGE}: stdout and stderr bytes consumed since the last one. */
  static byte[] acknowledgement(int stdout, int stderr) {
    return ByteBuffer.allocate(8).putInt(stdout).putInt(stderr).array();
  }

  /** A u32 payload: the signal of {@code SIGNAL}, the {@code STATUS}, the {@code STDIN_CREDIT}. */
  static byte[] u32(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  /** Reads a u32 payload. */
  static int u32(byte[] payload) {
    return ByteBuffer.wrap(payload).getInt();
  }
}
