package dev.virtiofs.junit.internal.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** What has arrived for one command run to completion ('X', 'U', 'T'): its whole output. */
final class CollectedOutput implements FrameSink {

  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  final CompletableFuture<RawResult> result = new CompletableFuture<>();

  @Override
  public void frame(char type, byte[] payload) {
    switch (type) {
      case 'O' -> stdout.write(payload, 0, payload.length);
      case 'E' -> stderr.write(payload, 0, payload.length);
      case 'S' -> result.complete(new RawResult(Frames.u32(payload), stdout.toByteArray(), stderr.toByteArray()));
      case 'F' -> result.completeExceptionally(new IOException(
          "the guest's exec agent could not start the command: " + new String(payload, StandardCharsets.UTF_8)));
      default -> result.completeExceptionally(new IOException("unknown frame type " + type + " from the agent"));
    }
  }

  @Override
  public void failed(IOException cause) {
    result.completeExceptionally(cause);
  }
}
