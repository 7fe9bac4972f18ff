package org.jsupervisor.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jsupervisor.config.Config;
import org.jsupervisor.config.GroupConfig;
import org.jsupervisor.config.GroupKind;
import org.jsupervisor.config.LogFile;
import org.jsupervisor.config.ProcessConfig;
import org.jsupervisor.config.StreamLogConfig;
import org.jsupervisor.log.AutoChildLogs;
import org.jsupervisor.log.Channel;
import org.jsupervisor.log.ChildLog;
import org.jsupervisor.log.ChildSyslog;
import org.jsupervisor.log.MainLog;
import org.jsupervisor.log.RotatingFile;
import org.jsupervisor.log.TailBuffer;
import org.jsupervisor.loop.Clock;
import org.jsupervisor.loop.Reactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All supervised processes and the supervisor's own state ("mood"). Lives on the loop thread:
 * every method must be called there (other threads go through the loop's {@code call}).
 */
public final class Supervisor implements ProcessHost {
  private static final Logger log = LoggerFactory.getLogger("supervisord");
  private static final long SHUTDOWN_REPORT_INTERVAL = TimeUnit.SECONDS.toNanos(3);
  /**
   * Autostarts carried out per loop turn at start-up. A spawn blocks its thread for about a
   * millisecond (the kernel's exec), so this bounds how long an RPC call waits meanwhile.
   */
  private static final int START_CHUNK = 24;

  /** supervisord's states, with their wire codes. */
  public enum Mood {
    SHUTDOWN(-1),
    RESTARTING(0),
    RUNNING(1);

    private final int code;

    Mood(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  private final Config config;
  private final Reactor reactor;
  private final Spawner spawner;
  private final ManagedProcess.Signaller signaller;
  private final Map<String, String> daemonEnvironment;
  private final Optional<String> serverUrl;
  private final Map<String, ProcessGroup> groups = new LinkedHashMap<>();
  private final Map<Integer, ChildIo> children = new HashMap<>();
  private final byte[] readBuffer = new byte[ChildIo.CHUNK];
  private final List<Consumer<ProcessStateChange>> stateListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> stoppedListeners = new ArrayList<>();
  private final List<OutputListener> outputListeners = new CopyOnWriteArrayList<>();
  private final List<LifecycleListener> lifecycleListeners = new ArrayList<>();
  private ChildSyslog childSyslog;

  /** Changed on the loop thread only; volatile so that any thread may read it (getState). */
  private volatile Mood mood = Mood.RUNNING;
  private Deque<ProcessGroup> stopGroups;
  private boolean shutdownStepPending;
  private boolean stopped;
  /** Spawns asked for while {@link #batchSpawns} runs; null when spawns go out at once. */
  private List<Launch> batch;

  private record Launch(ManagedProcess process, SpawnRequest request) {}

  public Supervisor(Config config, Reactor reactor, Spawner spawner,
      ManagedProcess.Signaller signaller, Map<String, String> daemonEnvironment) {
    this.config = config;
    this.reactor = reactor;
    this.spawner = spawner;
    this.signaller = signaller;
    this.daemonEnvironment = Map.copyOf(daemonEnvironment);
    this.serverUrl = defaultServerUrl(config);
    // Processes whose backoff or restart falls due in the same turn spawn together.
    reactor.scopeTimers(this::batchSpawns);
  }

  /**
   * supervisord's default SUPERVISOR_SERVER_URL: the first unix server, else the first inet one.
   */
  private static Optional<String> defaultServerUrl(Config config) {
    if (!config.unixHttpServers().isEmpty()) {
      return Optional.of("unix://" + config.unixHttpServers().get(0).file());
    }
    return config.inetHttpServers().stream().findFirst().map(s ->
        "http://" + (s.host().isEmpty() || s.host().equals("*") ? "localhost" : s.host()) + ":"
            + s.port());
  }

  public Config config() {
    return config;
  }

  /** The mood; safe from any thread. */
  public Mood mood() {
    return mood;
  }

  /** Called for every state change of every process (events, waiting RPC calls). */
  public void addStateListener(Consumer<ProcessStateChange> listener) {
    stateListeners.add(listener);
  }

  /** Sees every chunk of child output (PROCESS_LOG events, capture mode); loop thread. */
  public void addOutputListener(OutputListener listener) {
    outputListeners.add(listener);
  }

  /** Group activation and removal, start of the main loop, shutdown, spawns and reaps. */
  public void addLifecycleListener(LifecycleListener listener) {
    lifecycleListeners.add(listener);
  }

  /** Called once, when a shutdown or restart has stopped every process. */
  public void onStopped(Runnable listener) {
    stoppedListeners.add(listener);
  }

  /**
   * Activates every configured group, then starts the autostart processes in priority order, a
   * chunk per loop turn so that RPC calls are answered while a thousand programs start.
   */
  public void start() throws IOException {
    activateGroups();
    // supervisord notifies SUPERVISOR_STATE_CHANGE_RUNNING when its main loop begins, after
    // every group (and so every pool) exists and before the first process is started.
    lifecycleListeners.forEach(LifecycleListener::running);
    autostart(new ArrayDeque<>(groupsByPriority()), 0);
  }

  /**
   * Activates every configured group not active yet (of duplicate names, the first), as
   * supervisord does before it opens its HTTP servers: a FastCGI socket that cannot be created
   * fails the start-up here ({@link FcgiSocketException}).
   */
  public void activateGroups() throws IOException {
    for (GroupConfig g : config.groups()) {
      if (!groups.containsKey(g.name())) {
        addGroup(g);
      }
    }
  }

  /** Ticks processes from {@code index} of the first group on, until a chunk of them spawned. */
  private void autostart(Deque<ProcessGroup> pending, int index) {
    int[] next = {index};
    batchSpawns(() -> {
      while (!pending.isEmpty() && batch.size() < START_CHUNK) {
        ProcessGroup g = pending.peekFirst();
        if (groups.get(g.name()) != g || next[0] >= g.processes().size()) {
          pending.removeFirst(); // done, or removed by an RPC call between two chunks
          next[0] = 0;
          continue;
        }
        g.processes().get(next[0]++).tick();
      }
    });
    if (!pending.isEmpty()) {
      reactor.at(reactor.clock().nanos(), () -> autostart(pending, next[0]));
    }
  }

  /**
   * Runs {@code work} with its spawns batched: they are carried out together when it ends, in
   * parallel where the spawner can, since each spends most of its time in the kernel's exec.
   */
  public void batchSpawns(Runnable work) {
    if (batch != null) {
      work.run();
      return;
    }
    batch = new ArrayList<>();
    try {
      work.run();
    } finally {
      List<Launch> pending = batch;
      batch = null;
      carryOut(pending);
    }
  }

  private void carryOut(List<Launch> launches) {
    if (launches.isEmpty()) {
      return;
    }
    List<SpawnResult> results = spawner.spawnAll(launches.stream().map(Launch::request).toList());
    for (int i = 0; i < launches.size(); i++) {
      deliver(launches.get(i).process(), results.get(i));
    }
  }

  /**
   * Activates {@code group}: creates its processes and their AUTO log files. Its autostart
   * processes start when ticked. A FastCGI group's socket is created and closed again first, so
   * that one that cannot be made fails here ({@link FcgiSocketException}), changing nothing.
   */
  public ProcessGroup addGroup(GroupConfig group) throws IOException {
    Optional<FcgiSocket> socket = group.fcgiSocket().map(FcgiSocket::new);
    if (socket.isPresent()) {
      socket.get().probe();
    }
    var processes = new ArrayList<ManagedProcess>();
    for (ProcessConfig pc : group.processes()) {
      var logs = new ProcessLogs(childLog(pc, pc.stdout(), Channel.STDOUT),
          childLog(pc, pc.stderr(), Channel.STDERR));
      processes.add(new ManagedProcess(pc, group.name(), this, signaller, logs));
    }
    var result = new ProcessGroup(group, processes, socket);
    groups.put(group.name(), result);
    for (LifecycleListener l : lifecycleListeners) {
      l.groupAdded(result);
    }
    return result;
  }

  /**
   * Removes a group whose processes are all stopped (PROCESS_GROUP_REMOVED); false, changing
   * nothing, when it does not exist or still has unstopped processes, as supervisord's
   * {@code remove_process_group}.
   */
  public boolean removeGroup(String name) {
    ProcessGroup group = groups.get(name);
    if (group == null || !group.unstopped().isEmpty()) {
      return false;
    }
    groups.remove(name);
    group.processes().forEach(p -> p.logs().close());
    group.socket().ifPresent(FcgiSocket::closeNow);
    for (LifecycleListener l : lifecycleListeners) {
      l.groupRemoved(group);
    }
    return true;
  }

  /** One stream's log; an AUTO file is created here, so each activation gets a new name. */
  private ChildLog childLog(ProcessConfig pc, StreamLogConfig stream, Channel channel)
      throws IOException {
    Optional<RotatingFile> file = Optional.empty();
    if (stream.file() instanceof LogFile.Path p) {
      file = Optional.of(RotatingFile.forChild(Path.of(p.path()), stream.maxBytes(),
          stream.backups()));
    } else if (stream.file() instanceof LogFile.Auto) {
      Path path = AutoChildLogs.create(Path.of(config.supervisord().childlogdir()), pc.name(),
          channel, config.supervisord().identifier());
      file = Optional.of(RotatingFile.forChild(path, stream.maxBytes(), stream.backups()));
    }
    Optional<ChildSyslog> syslog = Optional.empty();
    if (stream.syslog()) {
      if (childSyslog == null) {
        childSyslog = new ChildSyslog(MainLog.DEV_LOG, java.time.ZoneId.systemDefault());
      }
      syslog = Optional.of(childSyslog);
    }
    var tail = file.isPresent() ? TailBuffer.forLimit(stream.maxBytes())
        : new TailBuffer(TailBuffer.DEFAULT_CAPACITY);
    return new ChildLog(pc.name(), channel, file, tail, syslog);
  }

  public Collection<ProcessGroup> groups() {
    return groups.values();
  }

  public Optional<ProcessGroup> group(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  /** Groups in ascending priority; ties keep activation order, as supervisord's stable sort. */
  public List<ProcessGroup> groupsByPriority() {
    var list = new ArrayList<>(groups.values());
    list.sort(java.util.Comparator.comparingInt(ProcessGroup::priority));
    return list;
  }

  public List<ManagedProcess> allProcesses() {
    return groups.values().stream().flatMap(g -> g.processes().stream()).toList();
  }

  /** The loop reaped {@code pid}: log what it left in its pipes, then let its process decide. */
  public void reaped(int pid, int waitStatus) {
    ExitStatus status = ExitStatus.decode(waitStatus);
    ChildIo io = children.remove(pid);
    if (io == null) {
      log.info("reaped unknown pid {} ({})", pid, status.describe());
      return;
    }
    io.drainAndClose();
    io.process().finish(status);
    socketOf(io.process()).ifPresent(s -> s.release(io.process()));
    for (LifecycleListener l : lifecycleListeners) {
      l.reaped(io.process());
    }
  }

  /**
   * The writer of a running process's stdin, shared by everything that writes to it; empty when
   * the process has no child.
   */
  public Optional<StdinWriter> stdinOf(ManagedProcess process) {
    ChildIo io = children.get(process.pid());
    return io == null ? Optional.empty() : Optional.of(io.stdin());
  }

  /**
   * SIGUSR2: every child log file is closed and opened again by name, so after logrotate renamed
   * one, output goes to a new file.
   */
  public void reopenLogs() {
    allProcesses().forEach(p -> p.logs().reopen());
  }

  /**
   * Begins a shutdown or restart: nothing starts any more, and groups are stopped one at a time,
   * highest priority value first, each once the one before has fully stopped.
   */
  public void shutdown(Mood next) {
    if (next == Mood.RUNNING) {
      throw new IllegalArgumentException("shutdown to RUNNING");
    }
    if (mood != Mood.RUNNING) {
      if (mood == Mood.RESTARTING && next == Mood.SHUTDOWN) {
        mood = next; // a TERM during a restart turns it into an exit
      }
      return;
    }
    mood = next;
    lifecycleListeners.forEach(LifecycleListener::stopping);
    stopGroups = new ArrayDeque<>(groupsByPriority());
    advanceShutdown();
    reportShutdown();
  }

  public boolean isStopped() {
    return stopped;
  }

  private void advanceShutdown() {
    shutdownStepPending = false;
    if (stopped) {
      return;
    }
    while (!stopGroups.isEmpty()) {
      ProcessGroup g = stopGroups.peekLast();
      g.stopAll();
      if (!g.unstopped().isEmpty()) {
        return;
      }
      stopGroups.removeLast();
    }
    if (allProcesses().stream().allMatch(p -> p.state().isStopped())) {
      stopped = true;
      for (ProcessGroup g : groups.values()) {
        g.processes().forEach(p -> p.logs().close());
        g.socket().ifPresent(FcgiSocket::closeNow);
      }
      if (childSyslog != null) {
        childSyslog.close();
      }
      stoppedListeners.forEach(Runnable::run);
    }
  }

  private void reportShutdown() {
    if (stopped) {
      return;
    }
    List<ManagedProcess> unstopped =
        allProcesses().stream().filter(p -> !p.state().isStopped()).toList();
    if (!unstopped.isEmpty()) {
      log.info("waiting for {} to die",
          unstopped.stream().map(ManagedProcess::name).collect(Collectors.joining(", ")));
    }
    reactor.at(reactor.clock().nanos() + SHUTDOWN_REPORT_INTERVAL, this::reportShutdown);
  }

  // ProcessHost

  @Override
  public Clock clock() {
    return reactor.clock();
  }

  /**
   * A FastCGI process holds its group's socket from here until it is reaped, or until its spawn
   * fails; a socket that cannot be created is that spawn's error.
   */
  @Override
  public void launch(ManagedProcess process, SpawnRequest request) {
    Optional<FcgiSocket> socket = socketOf(process);
    if (socket.isPresent()) {
      try {
        request = request.withStdinSocket(socket.get().acquire(process));
      } catch (FcgiSocketException e) {
        process.launched(new SpawnResult.Failed(e.getMessage()));
        return;
      }
    }
    if (batch == null) {
      deliver(process, spawner.spawn(request));
    } else {
      batch.add(new Launch(process, request));
    }
  }

  private void deliver(ManagedProcess process, SpawnResult result) {
    if (result instanceof SpawnResult.Failed) {
      socketOf(process).ifPresent(s -> s.release(process));
    }
    process.launched(result);
  }

  private Optional<FcgiSocket> socketOf(ManagedProcess process) {
    ProcessGroup group = groups.get(process.group());
    return group == null ? Optional.empty() : group.socket();
  }

  @Override
  public void flushLaunches() {
    if (batch != null) {
      List<Launch> pending = batch;
      batch = new ArrayList<>();
      carryOut(pending);
    }
  }

  @Override
  public boolean acceptsStarts() {
    return mood == Mood.RUNNING;
  }

  @Override
  public void wakeAt(long nanos, Runnable action) {
    reactor.at(nanos, action);
  }

  @Override
  public Map<String, String> daemonEnvironment() {
    return daemonEnvironment;
  }

  @Override
  public Map<String, String> supervisordEnvironment() {
    return config.supervisord().environment();
  }

  @Override
  public Optional<String> serverUrl() {
    return serverUrl;
  }

  @Override
  public void attach(ManagedProcess process, SpawnResult.Spawned child) {
    ProcessGroup group = groups.get(process.group());
    boolean eventListener = group != null && group.config().kind() == GroupKind.EVENT_LISTENER;
    children.put(child.pid(), new ChildIo(reactor, process, child, readBuffer,
        config.supervisord().stripAnsi(), outputListeners, eventListener));
    for (LifecycleListener l : lifecycleListeners) {
      l.spawned(process);
    }
  }

  @Override
  public void stateChanged(ManagedProcess process, ProcessStateChange change) {
    for (Consumer<ProcessStateChange> l : stateListeners) {
      l.accept(change);
    }
    if (mood != Mood.RUNNING && !shutdownStepPending && !stopped) {
      // Deferred: this runs inside the process's own transition, possibly inside stopAll().
      shutdownStepPending = true;
      reactor.at(reactor.clock().nanos(), this::advanceShutdown);
    }
  }
}
