package dev.virtiofs.junit.internal.ports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.internal.ports.ListeningSockets.Listener;
import org.junit.jupiter.api.Test;

class ListeningSocketsTests {

  private static final String TCP = """
        sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
         0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
         1: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1
         2: 0F02000A:0016 0202000A:CB2C 01 00000000:00000000 00:00000000 00000000     0        0 3 1
         3: 0F02000A:1F92 0202000A:0050 01 00000000:00000000 00:00000000 00000000     0        0 4 1
      """;
  private static final String TCP6 = """
         0: 00000000000000000000000001000000:1F93 00000000000000000000000000000000:0000 0A 0 0 0 0 0 5 1
         1: 00000000000000000000000000000000:1F94 00000000000000000000000000000000:0000 0A 0 0 0 0 0 6 1
      """;

  @Test
  void aPortListenedOnEveryAddressIsReachable() {
    assertThat(ListeningSockets.on(TCP + TCP6, 22)).isEqualTo(Listener.REACHABLE);
    assertThat(ListeningSockets.on(TCP + TCP6, 8084)).isEqualTo(Listener.REACHABLE);
  }

  @Test
  void aPortListenedOnLoopbackOnlyIsNot() {
    assertThat(ListeningSockets.on(TCP + TCP6, 8081)).isEqualTo(Listener.LOOPBACK_ONLY);
    assertThat(ListeningSockets.on(TCP + TCP6, 8083)).isEqualTo(Listener.LOOPBACK_ONLY);
  }

  @Test
  void aConnectionIsNoListener() {
    assertThat(ListeningSockets.on(TCP + TCP6, 8082)).isEqualTo(Listener.NONE);
    assertThat(ListeningSockets.on(TCP, 80)).isEqualTo(Listener.NONE);
  }
}
