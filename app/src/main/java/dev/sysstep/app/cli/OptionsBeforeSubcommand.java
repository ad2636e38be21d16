package dev.sysstep.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Options written before a subcommand ({@code sysstep --kernel 7.0 phases}) apply to it, as if written
 * after it; one the subcommand does not have is refused (exit 2), never silently dropped. Written
 * after the subcommand too, the later one wins, as with any repeated option.
 *
 * <p>This is what picocli's inherited options do, but the subcommands keep their own option objects
 * (their help lists the options they take), so the values are carried over here, before the
 * subcommand runs.
 */
public final class OptionsBeforeSubcommand implements CommandLine.IExecutionStrategy {
    private final CommandLine.IExecutionStrategy next = new CommandLine.RunLast();

    @Override
    public int execute(ParseResult root) {
        ParseResult sub = root.subcommand();
        if (sub != null && !CommandLine.printHelpIfRequested(root)) {
            for (OptionSpec given : root.matchedOptions()) {
                OptionSpec target = sub.commandSpec().findOption(given.longestName());
                if (target == null) {
                    throw new CommandLine.ParameterException(sub.commandSpec().commandLine(), "option '"
                            + given.longestName() + "' does not apply to '" + sub.commandSpec().name() + "'");
                }
                if (!sub.hasMatchedOption(target)) {
                    target.setValue(given.getValue());
                }
            }
        }
        return next.execute(root);
    }
}
