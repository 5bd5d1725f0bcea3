package io.roller.roll.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code roller.*} facts, noting whether a template read {@code roller.generation} (by name, or
 * by walking the map), so the planner knows which renderings depend on the number.
 */
final class Facts extends LinkedHashMap<String, Object> {
  private static final String NUMBER = "generation";
  boolean readNumber;

  Facts(Map<String, Object> facts) {
    super(facts);
  }

  @Override
  public Object get(Object key) {
    readNumber |= NUMBER.equals(key);
    return super.get(key);
  }

  @Override
  public Object getOrDefault(Object key, Object fallback) {
    readNumber |= NUMBER.equals(key);
    return super.getOrDefault(key, fallback);
  }

  @Override
  public boolean containsKey(Object key) {
    readNumber |= NUMBER.equals(key);
    return super.containsKey(key);
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    readNumber = true;
    return super.entrySet();
  }

  @Override
  public Set<String> keySet() {
    readNumber = true;
    return super.keySet();
  }

  @Override
  public java.util.Collection<Object> values() {
    readNumber = true;
    return super.values();
  }

  @Override
  public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
    readNumber = true;
    super.forEach(action);
  }
}
