package org.jsupervisor.ctl;

/**
 * A process or group reference as typed by the user: {@code name}, {@code group:name},
 * {@code group:*} or {@code group:}. A bare name means the process of that name in the group of
 * the same name.
 *
 * @param group the group name
 * @param process the process name, or null when the whole group is meant
 */
public record Namespec(String group, String process) {

  /** supervisor's {@code split_namespec}. */
  public static Namespec parse(String namespec) {
    int colon = namespec.indexOf(':');
    if (colon < 0) {
      return new Namespec(namespec, namespec);
    }
    String process = namespec.substring(colon + 1);
    return new Namespec(namespec.substring(0, colon), process.isEmpty() || process.equals("*") ? null : process);
  }

  /** supervisor's {@code make_namespec}: the short name when group and process are named alike. */
  public static String make(String group, String process) {
    // A null process prints as Python's None, as supervisorctl does for "clear grp:*".
    String shown = process == null ? "None" : process;
    return group.equals(shown) ? shown : group + ":" + shown;
  }

  public boolean isGroup() {
    return process == null;
  }
}
