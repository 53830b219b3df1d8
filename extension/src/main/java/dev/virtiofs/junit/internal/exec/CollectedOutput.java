package dev.virtiofs.junit.internal.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * What has arrived for one request answered once complete ({@link FrameType#EXEC}, {@code EXEC_AS},
 * {@code RESUME}): its whole output.
 */
final class CollectedOutput implements FrameSink {

  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  final CompletableFuture<RawResult> result = new CompletableFuture<>();

  @Override
  public void frame(FrameType type, byte[] payload) {
    switch (type) {
      case STDOUT -> stdout.write(payload, 0, payload.length);
      case STDERR -> stderr.write(payload, 0, payload.length);
      case STATUS -> result.complete(new RawResult(Frames.u32(payload), stdout.toByteArray(), stderr.toByteArray()));
      case FAILED -> result.completeExceptionally(new IOException(
          "the guest's exec agent could not start the command: " + new String(payload, StandardCharsets.UTF_8)));
      default -> result.completeExceptionally(new IOException("unexpected frame type " + type + " from the agent"));
    }
  }

  @Override
  public void failed(IOException cause) {
    result.completeExceptionally(cause);
  }
}
