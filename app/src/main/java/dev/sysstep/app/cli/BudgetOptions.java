package dev.sysstep.app.cli;

import dev.sysstep.app.run.Interpreter;
import picocli.CommandLine.Option;

/**
 * How much work one run may do before it is stopped with a one-line error: scripts that source
 * scripts multiply, and nothing a script says may keep sysstep busy for ever. The REPL gives the
 * budget to each line typed.
 */
public final class BudgetOptions {
    @Option(names = "--max-commands", paramLabel = "N", defaultValue = "" + Interpreter.DEFAULT_MAX_COMMANDS,
            description = "Stop a run after N commands and script lines (default: ${DEFAULT-VALUE}).")
    long maxCommands;

    @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "" + Interpreter.DEFAULT_MAX_INSTRUCTIONS,
            description = "Stop a run after N simulated instructions, going back included (default: ${DEFAULT-VALUE}).")
    long maxInstructions;

    void applyTo(Interpreter interp) {
        interp.setBudget(Math.max(1, maxCommands), Math.max(1, maxInstructions));
    }
}
