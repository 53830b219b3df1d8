package dev.virtiofs.junit.internal.exec;

/**
 * The host's side of a streaming command's output credit: bytes consumed from stdout and stderr
 * are acknowledged in batches of a quarter window, so the agent, which stops reading a stream once
 * a window is sent and not acknowledged, always gets its credit back before it can stall on a
 * reader that has consumed everything, while a fast reader costs one frame per quarter window.
 */
final class Acknowledgements {

  private final int batch;
  private final int[] pending = new int[2];

  /**
   * @param window the window the agent was given
   */
  Acknowledgements(int window) {
    this.batch = Math.max(1, window / 4);
  }

  /**
   * Counts bytes consumed from a stream.
   *
   * @param stream 0 for stdout, 1 for stderr
   * @param bytes how many
   * @return the bytes to acknowledge now on that stream, or 0 to wait for more
   */
  synchronized int consumed(int stream, int bytes) {
    pending[stream] += bytes;
    if (pending[stream] < batch) {
      return 0;
    }
    int due = pending[stream];
    pending[stream] = 0;
    return due;
  }
}
