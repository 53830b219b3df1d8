package dev.virtiofs.junit.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcknowledgementsTests {

  @Test
  void bytesAreAcknowledgedInQuarterWindowsPerStream() {
    Acknowledgements acks = new Acknowledgements(1024);
    assertThat(acks.consumed(0, 200)).isZero();
    assertThat(acks.consumed(1, 255)).isZero();
    assertThat(acks.consumed(0, 100)).isEqualTo(300);
    assertThat(acks.consumed(0, 255)).isZero();
    assertThat(acks.consumed(1, 1)).isEqualTo(256);
  }

  @Test
  void aReaderThatConsumedAWindowHasAcknowledgedItAll() {
    // the agent stalls at a full window; once the reader has consumed it, all of it is acknowledged
    Acknowledgements acks = new Acknowledgements(1 << 20);
    long acknowledged = 0;
    for (int i = 0; i < 16; i++) {
      acknowledged += acks.consumed(0, 65536);
    }
    assertThat(acknowledged).isEqualTo(1 << 20);
  }
}
