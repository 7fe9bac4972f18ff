package org.jsupervisor.rpc;

import java.util.List;

/**
 * A decoded {@code <methodCall>}. Parameter values are {@link Integer}, {@link Boolean},
 * {@link String}, {@link Double}, {@code byte[]} (base64), {@link java.util.List} and
 * {@link java.util.Map} (structs keep member order).
 */
public record MethodCall(String methodName, List<Object> params) {
  public MethodCall {
    params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
  }
}
