package dev.virtiofs.junit.internal.qemu;

import java.io.IOException;

/**
 * QEMU refused a QMP command: its error reply, with the command that got it. An {@link
 * IOException}, as every other way a QMP exchange fails, so callers handle them alike.
 */
final class QmpException extends IOException {

  private static final long serialVersionUID = 1L;

  /** The command and QEMU's error, each whole: the message reads them back. */
  private final String command;
  private final String errorClass;
  private final String desc;

  /**
   * Makes the exception.
   *
   * @param command the command QEMU refused
   * @param failure QEMU's reply
   * @param qemuVersion the version in QEMU's greeting
   */
  QmpException(QmpCommand command, QmpMessage.Failure failure, String qemuVersion) {
    super(String.format("QEMU %s refused the QMP command [%s] with %s: %s", qemuVersion,
        command.json(), failure.errorClass(), failure.desc()));
    this.command = command.name();
    this.errorClass = failure.errorClass();
    this.desc = failure.desc();
  }

  /**
   * The name of the command QEMU refused.
   *
   * @return such as {@code device_add}
   */
  String command() {
    return command;
  }

  /**
   * QEMU's class of the error.
   *
   * @return such as {@code GenericError} or {@code CommandNotFound}
   */
  String errorClass() {
    return errorClass;
  }

  /**
   * QEMU's explanation.
   *
   * @return such as {@code 'x' is not a valid device model name}
   */
  String desc() {
    return desc;
  }
}
