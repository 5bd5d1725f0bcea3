package io.roller.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Objects;
import org.junit.jupiter.api.Test;

/** PackageRef's hand-written equals and hashCode keep the record's meaning. */
class PackageRefTest {
  @Test
  void equalRefsAreEqualWithTheRecordsHash() {
    PackageRef a = PackageRef.parse("java-runtime-17-1.0.0");
    PackageRef b = new PackageRef(new String("java-runtime-17"), new String("1.0.0"));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(Objects.hash(a.name(), a.version()) - 31 * 31, a.hashCode(), "31 * name + ver");
    assertNotEquals(a, new PackageRef("java-runtime-17", "1.0.1"));
    assertNotEquals(a, new PackageRef("java-runtime-16", "1.0.0"));
    assertNotEquals(a, "java-runtime-17-1.0.0");
    assertNotEquals(a, null);
  }
}
