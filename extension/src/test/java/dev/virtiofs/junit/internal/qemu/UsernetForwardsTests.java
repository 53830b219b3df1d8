package dev.virtiofs.junit.internal.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsernetForwardsTests {

  // as QMP returns it: one JSON string, line ends escaped
  private static final String USERNET = "\"Hub -1 (net0):\\r\\n  Protocol[State]    FD  Source Address  Port   Dest."
      + " Address  Port RecvQ SendQ\\r\\n  TCP[HOST_FORWARD]  15       127.0.0.1 41837       10.0.2.15  8080     0"
      + "     0\\r\\n  TCP[ESTABLISHED]   13       127.0.0.1 52012       10.0.2.15    22     0     0\\r\\n"
      + "  TCP[HOST_FORWARD]  12       127.0.0.1 40123       10.0.2.15    22     0     0\\r\\n\"";

  @Test
  void findsTheHostPortOfTheForwardToAGuestPort() {
    assertThat(UsernetForwards.hostPort(USERNET, 22)).hasValue(40123);
    assertThat(UsernetForwards.hostPort(USERNET, 8080)).hasValue(41837);
  }

  @Test
  void aGuestPortWithoutForwardHasNone() {
    assertThat(UsernetForwards.hostPort(USERNET, 80)).isEmpty();
    assertThat(UsernetForwards.hostPort("\"\"", 22)).isEmpty();
  }
}
