package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's two guests on one share: one guest's write, read by the other. */
@VirtioFsVm(guests = 2)
class TwoGuestsIT {
  @Test
  void oneGuestsWriteReachesTheOther(List<Guest> guests) {
    guests.get(0).exec("echo hello > " + guests.get(0).mountPoint() + "/note");
    assertEquals("hello\n", guests.get(1).exec("cat " + guests.get(1).mountPoint() + "/note").stdout());
  }
}
