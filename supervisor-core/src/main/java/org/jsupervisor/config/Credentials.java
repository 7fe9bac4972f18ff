package org.jsupervisor.config;

/**
 * HTTP basic-auth credentials of a server section; {@code password} may be {@code {SHA}<hex>}.
 */
public record Credentials(String username, String password) {
  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }
}
