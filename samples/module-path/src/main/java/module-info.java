/** A user's module whose tests boot guests: it requires the extension's module, nothing else of it. */
module com.example.guesttests {
  requires dev.virtiofs.junit;

  // JUnit reflects on the tests; the extension injects Guest fields
  opens com.example.guesttests to org.junit.platform.commons, dev.virtiofs.junit;
}
