package dev.virtiofs.junit.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChunkedInputTests {

  private final AtomicInteger consumed = new AtomicInteger();
  private final ChunkedInput input = new ChunkedInput(consumed::addAndGet);

  @Test
  void readsChunksInOrderAndCountsWhatWasRead() throws IOException {
    input.add(new byte[] {1, 2, 3});
    input.add(new byte[] {4});
    byte[] buffer = new byte[2];
    assertThat(input.read(buffer)).isEqualTo(2);
    assertThat(buffer).containsExactly(1, 2);
    assertThat(input.available()).isEqualTo(2);
    input.end();
    assertThat(input.readAllBytes()).containsExactly(3, 4);
    assertThat(input.read()).isEqualTo(-1);
    assertThat(consumed).hasValue(4);
  }

  @Test
  void aReaderWaitsForTheNextChunk() throws Exception {
    CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
      try {
        return input.read();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    input.add(new byte[] {(byte) 200});
    assertThat(read.get()).isEqualTo(200);
  }

  @Test
  void closingDropsWhatIsHeldAndWhatComesLaterAndCreditsIt() throws IOException {
    input.add(new byte[10]);
    input.close();
    input.add(new byte[5]);
    assertThat(consumed).hasValue(15);
    assertThat(input.read()).isEqualTo(-1);
  }

  @Test
  void aFailedChannelCutsTheStreamOff() {
    input.fail(new IOException("the guest's end of the exec channel closed"));
    assertThatThrownBy(input::read)
        .isInstanceOf(IOException.class)
        .hasMessage("the guest process's output was cut off: the guest's end of the exec channel closed");
  }
}
