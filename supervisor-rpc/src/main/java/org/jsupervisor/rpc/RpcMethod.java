package org.jsupervisor.rpc;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One XML-RPC method. The result is a future so that a slow method ({@code startProcess} with
 * {@code wait}) holds no thread; a {@link Fault} fails the call with that fault.
 *
 * @param signature return type first, then one type per parameter (system.methodSignature)
 * @param minArgs parameters after this many are optional
 */
public record RpcMethod(String name, List<String> signature, int minArgs, String help,
    Body body) {

  /** The implementation; it may throw {@link Fault} or return a failed future. */
  @FunctionalInterface
  public interface Body {
    CompletableFuture<Object> invoke(List<Object> args);
  }

  public RpcMethod {
    signature = List.copyOf(signature);
    if (minArgs < 0 || minArgs > signature.size() - 1) {
      throw new IllegalArgumentException("minArgs out of range for " + name + ": " + minArgs);
    }
  }

  public int maxArgs() {
    return signature.size() - 1;
  }

  /** A method that answers on the calling thread. */
  public static Body now(java.util.function.Function<List<Object>, Object> f) {
    return args -> CompletableFuture.completedFuture(f.apply(args));
  }
}
