// The class failed the way JUnit 5.12 fails a class template, and virtiofs-junit said why.
def log = new File(basedir, 'build.log').text
assert log.contains('TypeNotPresentException') : 'JUnit did not fail the class as expected'
assert log.contains('RenameTest failed because @GuestKernels (a kernel matrix) needs JUnit 5.13 or later') : 'no explanation logged'
assert log.contains('this run has JUnit Jupiter 5.12.2') : 'the JUnit found is not named'
assert log.contains('write one subclass per kernel') : 'the fix is not named'
return true
