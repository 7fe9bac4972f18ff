package org.jsupervisor.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Routes {@code namespace.method} names to {@link RpcMethod}s and provides the {@code system}
 * namespace (listMethods, methodHelp, methodSignature, multicall) over whatever is registered.
 */
public final class RpcDispatcher {
  private final Map<String, RpcMethod> methods = new TreeMap<>();

  public RpcDispatcher() {
    add(new RpcMethod("system.listMethods", List.of("array"), 0,
        "List the names of every method this server offers, sorted.",
        RpcMethod.now(args -> List.copyOf(methods.keySet()))));
    add(new RpcMethod("system.methodHelp", List.of("string", "string"), 1,
        "Describe the method named by the argument.",
        RpcMethod.now(args -> lookupForIntrospection(Args.string(args, 0)).help())));
    add(new RpcMethod("system.methodSignature", List.of("array", "string"), 1,
        "The types of a method: its return type, then one per parameter.",
        RpcMethod.now(args -> lookupForIntrospection(Args.string(args, 0)).signature())));
    add(new RpcMethod("system.multicall", List.of("array", "array"), 1,
        "Run several calls in order; each result is the bare value or a fault struct.",
        args -> multicall(args.get(0))));
  }

  /** Registers {@code method}; names are unique. Call before serving. */
  public void add(RpcMethod method) {
    if (methods.putIfAbsent(method.name(), method) != null) {
      throw new IllegalArgumentException("duplicate method " + method.name());
    }
  }

  private RpcMethod lookupForIntrospection(String name) {
    RpcMethod m = methods.get(name);
    if (m == null) {
      throw new Fault(FaultCode.SIGNATURE_UNSUPPORTED);
    }
    return m;
  }

  /**
   * Calls {@code name}. The future fails with a {@link Fault} for every error supervisord reports
   * as a fault; any other exception is a bug (HTTP 500).
   */
  public CompletableFuture<Object> call(String name, List<Object> params) {
    RpcMethod m = methods.get(name);
    // supervisord accepts exactly "namespace.method", and nothing private.
    String[] parts = name.split("\\.", -1);
    if (m == null || parts.length != 2 || parts[1].startsWith("_")) {
      return CompletableFuture.failedFuture(new Fault(FaultCode.UNKNOWN_METHOD));
    }
    if (params.size() < m.minArgs() || params.size() > m.maxArgs()) {
      return CompletableFuture.failedFuture(new Fault(FaultCode.INCORRECT_PARAMETERS));
    }
    try {
      return m.body().invoke(params);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Object> multicall(Object arg) {
    if (!(arg instanceof List<?> calls)) {
      throw new Fault(FaultCode.INCORRECT_PARAMETERS);
    }
    var results = new ArrayList<Object>();
    // Sequential: a deferred call holds back the ones after it, as in supervisord.
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (Object c : calls) {
      chain = chain.thenCompose(ignored -> one(c).handle((value, error) -> {
        results.add(error == null ? value : XmlRpcCodec.faultStruct(asFault(error)));
        return null;
      }));
    }
    return chain.thenApply(ignored -> results);
  }

  private CompletableFuture<Object> one(Object c) {
    if (!(c instanceof Map<?, ?> spec)) {
      return CompletableFuture.failedFuture(new Fault(FaultCode.INCORRECT_PARAMETERS));
    }
    if (!(spec.get("methodName") instanceof String name)) {
      return CompletableFuture.failedFuture(
          new Fault(FaultCode.INCORRECT_PARAMETERS, "No methodName"));
    }
    if (name.equals("system.multicall")) {
      return CompletableFuture.failedFuture(
          new Fault(FaultCode.INCORRECT_PARAMETERS, "Recursive system.multicall forbidden"));
    }
    Object params = spec.get("params");
    List<Object> list = params instanceof List<?> l ? new ArrayList<>(l) : List.of();
    return call(name, list);
  }

  /** The fault a failed call reports; inside multicall a bug becomes FAILED, as supervisord does. */
  public static Fault asFault(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof Fault f) {
      return f;
    }
    return new Fault(FaultCode.FAILED, e.getClass().getSimpleName() + ":" + e.getMessage());
  }

  public static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
