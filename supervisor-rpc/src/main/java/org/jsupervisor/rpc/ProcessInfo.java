package org.jsupervisor.rpc;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsupervisor.log.ChildLog;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.ProcessState;

/**
 * One process as getProcessInfo and getAllProcessInfo show it. Taken on the loop thread by
 * {@link #of}, which only copies fields; the description is worded, and the XML written,
 * afterwards on an RPC thread, so a thousand of them keep the loop busy for well under a
 * millisecond.
 *
 * @param start last spawn, epoch seconds (0 never)
 * @param stop last exit, epoch seconds (0 never)
 * @param now when the snapshot was taken, epoch seconds
 * @param stdoutLogfile the path, or "" when there is none (also the {@code logfile} member)
 */
public record ProcessInfo(String name, String group, long start, long stop, long now,
    ProcessState state, String spawnerr, int exitstatus, String stdoutLogfile,
    String stderrLogfile, int pid, ZoneId zone) implements XmlRpcWriter.Encodable {

  private static final byte[] NAME = XmlRpcWriter.memberName("name");
  private static final byte[] GROUP = XmlRpcWriter.memberName("group");
  private static final byte[] START = XmlRpcWriter.memberName("start");
  private static final byte[] STOP = XmlRpcWriter.memberName("stop");
  private static final byte[] NOW = XmlRpcWriter.memberName("now");
  private static final byte[] STATE = XmlRpcWriter.memberName("state");
  private static final byte[] STATENAME = XmlRpcWriter.memberName("statename");
  private static final byte[] SPAWNERR = XmlRpcWriter.memberName("spawnerr");
  private static final byte[] EXITSTATUS = XmlRpcWriter.memberName("exitstatus");
  private static final byte[] LOGFILE = XmlRpcWriter.memberName("logfile");
  private static final byte[] STDOUT_LOGFILE = XmlRpcWriter.memberName("stdout_logfile");
  private static final byte[] STDERR_LOGFILE = XmlRpcWriter.memberName("stderr_logfile");
  private static final byte[] PID = XmlRpcWriter.memberName("pid");
  private static final byte[] DESCRIPTION = XmlRpcWriter.memberName("description");

  /** Loop thread: a copy of the process's state at {@code nowMillis}. */
  static ProcessInfo of(ManagedProcess p, long nowMillis, ZoneId zone) {
    return new ProcessInfo(p.name(), p.group(), p.laststartMillis() / 1000,
        p.laststopMillis() / 1000, nowMillis / 1000, p.state(), p.spawnerr(), p.exitstatus(),
        path(p.logs().stdout()), path(p.logs().stderr()), p.pid(), zone);
  }

  private static String path(ChildLog log) {
    return log.path().map(Path::toString).orElse("");
  }

  /** {@code group:name}, or {@code name} when the two are the same. */
  public String namespec() {
    return group.equals(name) ? name : group + ":" + name;
  }

  public String description() {
    return Descriptions.of(state, name, pid, start, stop, now, spawnerr, zone);
  }

  /** The struct as a map, members in supervisord's order; {@link #writeTo} writes the same. */
  public Map<String, Object> toStruct() {
    var m = new LinkedHashMap<String, Object>();
    m.put("name", name);
    m.put("group", group);
    m.put("start", start);
    m.put("stop", stop);
    m.put("now", now);
    m.put("state", state.code());
    m.put("statename", state.name());
    m.put("spawnerr", spawnerr);
    m.put("exitstatus", exitstatus);
    m.put("logfile", stdoutLogfile);
    m.put("stdout_logfile", stdoutLogfile);
    m.put("stderr_logfile", stderrLogfile);
    m.put("pid", pid);
    m.put("description", description());
    return m;
  }

  @Override
  public void writeTo(XmlRpcWriter out) {
    out.beginStruct();
    out.member(NAME, name);
    out.member(GROUP, group);
    out.member(START, start);
    out.member(STOP, stop);
    out.member(NOW, now);
    out.member(STATE, state.code());
    out.member(STATENAME, state.name());
    out.member(SPAWNERR, spawnerr);
    out.member(EXITSTATUS, exitstatus);
    out.member(LOGFILE, stdoutLogfile);
    out.member(STDOUT_LOGFILE, stdoutLogfile);
    out.member(STDERR_LOGFILE, stderrLogfile);
    out.member(PID, pid);
    out.member(DESCRIPTION, description());
    out.endStruct();
  }
}
