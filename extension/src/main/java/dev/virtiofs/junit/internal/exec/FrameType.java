package dev.virtiofs.junit.internal.exec;

import java.util.Optional;

/**
 * The types of the exec protocol's frames, each with the byte it is on the wire: the host's only
 * names for them. The other end is the guest's agent, {@code guest-image/src/main/guest/agent.c},
 * which names the same bytes {@code FRAME_<NAME>} and documents each frame's payload; the
 * benchmark's Perl clients ({@code benchmark/src/test/resources/exec-true.pl} and {@code
 * restore.pl}) name those they use the same way. {@code FrameTypeTests} reads them and fails when
 * any of them and this enum disagree, so a type is added or changed here and there together.
 */
enum FrameType {

  /** Is the agent there? Answered by {@link #VERSION}; lost when sent before it opens its port. */
  PING('P', Sender.HOST),
  /** Runs a command to completion: the command, then the bytes fed to its stdin. */
  EXEC('X', Sender.HOST),
  /** As {@link #EXEC}, as another user: uid and gid first. */
  EXEC_AS('U', Sender.HOST),
  /** Starts a streaming command: its window of unacknowledged output per stream, its command. */
  STREAM('B', Sender.HOST),
  /** Stdin bytes for a streaming command, written to its pipe in order. */
  STDIN('I', Sender.HOST),
  /** The end of a streaming command's stdin, once the bytes before it are written. */
  STDIN_END('D', Sender.HOST),
  /** The stdout and stderr bytes of a streaming command the host has consumed. */
  ACKNOWLEDGE('A', Sender.HOST),
  /** A signal for the command's process group. */
  SIGNAL('G', Sender.HOST),
  /** SIGKILL for the command's process group; a streaming command's slot goes with it. */
  KILL('K', Sender.HOST),
  /** The host's clock and entropy for a guest restored from a snapshot: {@link #STATUS} 0 if set. */
  RESUME('T', Sender.HOST),

  /** The agent's answer to {@link #PING}: its version. */
  VERSION('R', Sender.AGENT),
  /** Bytes the command wrote to stdout. */
  STDOUT('O', Sender.AGENT),
  /** Bytes the command wrote to stderr. */
  STDERR('E', Sender.AGENT),
  /** The command's exit status (128 + signal when killed): its last frame. */
  STATUS('S', Sender.AGENT),
  /** The command could not be started: a message, and its last frame. */
  FAILED('F', Sender.AGENT),
  /** Stdin bytes of a streaming command written to its pipe (or dropped): the host's credit. */
  STDIN_CREDIT('C', Sender.AGENT);

  /** Which end sends a frame of a type. */
  enum Sender {
    /** The host: the extension's {@link ExecChannel}. */
    HOST,
    /** The guest's agent. */
    AGENT
  }

  private static final FrameType[] BY_CODE = new FrameType[256];

  static {
    for (FrameType type : values()) {
      BY_CODE[type.code() & 0xff] = type;
    }
  }

  private final byte code;
  private final Sender sender;

  FrameType(char code, Sender sender) {
    this.code = (byte) code;
    this.sender = sender;
  }

  /** @return the byte of this type on the wire */
  byte code() {
    return code;
  }

  /** @return which end sends frames of this type */
  Sender sender() {
    return sender;
  }

  /**
   * The type a byte on the wire stands for.
   *
   * @param code the type byte of a frame
   * @return its type, or empty when the protocol has none with this byte
   */
  static Optional<FrameType> of(byte code) {
    return Optional.ofNullable(BY_CODE[code & 0xff]);
  }
}
