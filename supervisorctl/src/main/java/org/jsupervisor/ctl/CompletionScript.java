package org.jsupervisor.ctl;

import java.io.File;
import org.jsupervisor.ctl.command.Commands;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Generates the bash completion script shipped as {@code completion/supervisorctl.bash}, from a
 * picocli model of supervisorctl's options and actions. Only this class touches picocli, so the
 * CLI itself never loads it. Run: {@code java -cp ... org.jsupervisor.ctl.CompletionScript > supervisorctl.bash}.
 */
public final class CompletionScript {
  private CompletionScript() {}

  public static void main(String[] args) {
    System.out.print(generate());
  }

  /** The script text. */
  public static String generate() {
    CommandSpec spec = CommandSpec.create().name("supervisorctl");
    spec.addOption(OptionSpec.builder("-c", "--configuration").paramLabel("FILE").type(File.class)
        .description("config file").build());
    spec.addOption(OptionSpec.builder("-s", "--serverurl").paramLabel("URL").type(String.class).build());
    spec.addOption(OptionSpec.builder("-u", "--username").paramLabel("USER").type(String.class).build());
    spec.addOption(OptionSpec.builder("-p", "--password").paramLabel("PASSWORD").type(String.class).build());
    spec.addOption(OptionSpec.builder("-r", "--history_file").paramLabel("FILE").type(File.class).build());
    spec.addOption(OptionSpec.builder("-i", "--interactive").build());
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).build());
    var commandLine = new CommandLine(spec);
    for (String action : Commands.all().keySet()) {
      if (!action.equals("EOF")) {
        commandLine.addSubcommand(action, CommandSpec.create().name(action));
      }
    }
    return AutoComplete.bash("supervisorctl", commandLine);
  }
}
