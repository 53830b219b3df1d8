package dev.virtiofs.junit;

/**
 * Thrown when the guest cannot do what a test asked: a command could not be started, did not end
 * in time, or the guest or its virtiofsd died. The message says which, and shows the tail of the
 * guest console when that helps.
 *
 * @since 0.1.0
 */
public class GuestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong and what to look at
   * @param cause the underlying failure, or {@code null}
   */
  public GuestException(String message, Throwable cause) {
    super(message, cause);
  }
}
