package io.roller.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void resultsComeInTheItemsOrderFromAtMostTheWorkersThreads() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Integer> items = IntStream.range(0, 50).boxed().toList();

    List<Integer> out =
        Parallel.map(
            items,
            3,
            "test-worker",
            i -> {
              threads.add(Thread.currentThread().toString());
              return i * i;
            });

    assertEquals(items.stream().map(i -> i * i).toList(), out);
    assertTrue(threads.size() <= 3, threads.toString());
  }

  @Test
  void theFirstFailedItemsExceptionIsRethrownAsItIs() {
    IllegalStateException boom = new IllegalStateException("package b is unsafe");
    IllegalStateException got =
        assertThrows(
            IllegalStateException.class,
            () ->
                Parallel.map(
                    List.of("a", "b", "c"),
                    2,
                    "w",
                    s -> {
                      if (s.equals("b")) {
                        throw boom;
                      }
                      return s;
                    }));
    assertSame(boom, got);

    IOException io =
        assertThrows(
            IOException.class,
            () ->
                Parallel.map(
                    List.of(1),
                    1,
                    "w",
                    i -> {
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", io.getMessage());
  }

  @Test
  void noItemsStartNoThreads() throws Exception {
    assertEquals(List.of(), Parallel.map(List.<String>of(), 4, "w", s -> s));
  }
}
