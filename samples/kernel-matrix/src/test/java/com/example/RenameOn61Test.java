package com.example;

import dev.virtiofs.junit.VirtioFsVm;

@VirtioFsVm(guestKernel = "6.1")
class RenameOn61Test extends RenameTests {
  @Override
  String kernelLine() {
    return "6.1";
  }
}
