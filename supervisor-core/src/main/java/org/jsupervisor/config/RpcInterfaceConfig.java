package org.jsupervisor.config;

import java.util.Map;

/**
 * An {@code [rpcinterface:x]} section: {@code x} is the XML-RPC namespace.
 *
 * @param factory the {@code supervisor.rpcinterface_factory} value
 * @param options the remaining keys, passed to the factory by supervisord
 */
public record RpcInterfaceConfig(String namespace, String factory, Map<String, String> options) {
  public static final String STANDARD_FACTORY = "supervisor.rpcinterface:make_main_rpcinterface";
}
