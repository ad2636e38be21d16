package dev.sysstep.app.run;

import dev.sysstep.app.lang.CommandSpecs;
import dev.sysstep.app.lang.Completions;
import dev.sysstep.app.lang.ConfigKeys;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Tab completion: commands, phase ids, registers, pt_regs fields, MSR names, config keys and values. */
final class SysstepCompleter implements Completer {
    private final Session session;

    SysstepCompleter(Session session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        for (String c : options(words, index)) {
            candidates.add(new Candidate(c));
        }
    }

    List<String> options(List<String> words, int index) {
        if (index == 0) {
            return CommandSpecs.namesAndAliases();
        }
        String cmd = CommandSpecs.resolve(words.get(0)).orElse(words.get(0).toLowerCase(Locale.ROOT));
        List<String> out = new ArrayList<>();
        switch (cmd) {
            case "break", "goto", "explain", "source", "diff" -> {
                for (Phase p : session.code().phases()) {
                    out.add(p.id());
                }
            }
            case "set", "watch", "expect" -> {
                if (index == 1) {
                    out.addAll(Completions.registerNames());
                    out.addAll(Completions.ptRegsFields());
                    if (cmd.equals("expect")) {
                        out.addAll(List.of("phase", "terminal", "exit", "ret", "errno", "syscall", "step"));
                    }
                }
            }
            case "msr" -> out.addAll(Completions.msrNames());
            case "config" -> {
                if (index == 1) {
                    out.addAll(ConfigKeys.KEYS);
                } else if (index == 2 && words.size() > 1) {
                    out.addAll(ConfigKeys.values(words.get(1).toLowerCase(Locale.ROOT)));
                }
            }
            case "program" -> {
                if (index == 1) {
                    out.addAll(List.of("write", "read", "getpid", "exit_group", "syscall", "bare"));
                }
            }
            case "open" -> {
                if (index == 1) {
                    out.addAll(List.of("/dev/null", "/dev/pts/0", "/tmp/out.txt"));
                } else if (index == 2) {
                    out.addAll(List.of("rdonly", "wronly", "rdwr"));
                } else if (index == 3) {
                    out.add("as");
                }
            }
            case "info" -> out.addAll(List.of("breakpoints", "watchpoints", "registers", "program", "config"));
            case "help" -> out.addAll(CommandSpecs.namesAndAliases());
            case "regs" -> out.add("all");
            case "terminal" -> out.add("input");
            default -> {
            }
        }
        return out;
    }
}
