package com.example;

import dev.virtiofs.junit.VirtioFsVm;

@VirtioFsVm(guestKernel = "6.12")
class RenameOn612Test extends RenameTests {
  @Override
  String kernelLine() {
    return "6.12";
  }
}
