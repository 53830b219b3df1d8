package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.kernel.KernelMatrix;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What a {@link GuestKernels} class asks for, read with no API newer than JUnit 5.10, so that
 * {@link VirtioFsVmExtension} never loads {@link GuestKernelMatrix} (which needs 5.13) itself.
 */
final class KernelMatrixClass {

  private KernelMatrixClass() {}

  /** The kernel lines of a {@link GuestKernels} class; a wrong list fails the class. */
  static KernelMatrix lines(Class<?> testClass) {
    GuestKernels kernels = AnnotationSupport.findAnnotation(testClass, GuestKernels.class).orElseThrow();
    VirtioFsVm vm = AnnotationSupport.findAnnotation(testClass, VirtioFsVm.class).orElseThrow(() ->
        new ExtensionConfigurationException(String.format("@GuestKernels on %s runs a @VirtioFsVm class"
            + " on several kernels; annotate it with @VirtioFsVm too", testClass.getName())));
    Optional<String> guestKernel = Optional.of(vm.guestKernel()).filter(line -> !line.isEmpty());
    try {
      return KernelMatrix.of(kernels.value(), guestKernel, "@GuestKernels on " + testClass.getName());
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }

  /** Whether this JUnit has class templates (5.13 and later); on an earlier one JUnit fails a {@link GuestKernels} class itself. */
  static boolean classTemplates() {
    try {
      Class.forName("org.junit.jupiter.api.ClassTemplate", false, VirtioFsVmExtension.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

}
