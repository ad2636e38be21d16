package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.Names;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.cpu.Reg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code info TOPIC}: gdb's info: breakpoints and watches, registers (all, or the ones named), the
 * frame, the display list, the program, the profile, and the setup in force.
 */
public final class InfoVerb extends Verb<InfoVerb.Topic> {
    /** A topic, and for registers the names asked for. */
    public record Topic(String name, List<Reg> registers) {
        public Topic {
            registers = List.copyOf(registers);
        }
    }

    private static final List<String> TOPICS = List.of("breakpoints", "watchpoints", "registers", "frame", "display",
            "program", "config", "setup");

    public InfoVerb() {
        super("info", "i", "info breakpoints|registers [REG...]|frame|display|program|config|setup",
                "gdb's info: breakpoints and watches (info b), registers or some of them (info reg rip rsp), the frame "
                + "(the pt_regs the kernel keeps), the display list, the program, the profile, and the setup that reset "
                + "keeps.");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        if (index == 1) {
            return TOPICS;
        }
        String t = words.size() > 1 ? words.get(1).toLowerCase(Locale.ROOT) : "";
        return t.startsWith("r") ? Names.registers() : List.of();
    }

    @Override
    protected Topic parse(Args args) throws ParseException {
        if (args.isEmpty()) {
            throw new ParseException("info needs a topic: " + String.join(", ", TOPICS));
        }
        String what = args.text(0).toLowerCase(Locale.ROOT);
        String topic = switch (what) {
            case "breakpoints", "break", "b", "watchpoints", "watch", "watches" -> "breakpoints";
            case "registers", "register", "regs", "reg", "r", "all-registers" -> "registers";
            case "frame", "f" -> "frame";
            case "display" -> "display";
            case "program" -> "program";
            case "config" -> "config";
            case "setup" -> "setup";
            default -> throw new ParseException("info: unknown topic '" + what + "' (" + String.join(", ", TOPICS) + ")");
        };
        List<Reg> regs = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            if (!topic.equals("registers")) {
                throw new ParseException("info " + topic + " takes no arguments");
            }
            String name = args.text(i);
            regs.add(Reg.byName(name).filter(r -> r != Reg.CPL || name.equalsIgnoreCase("cpl"))
                    .orElseThrow(() -> new ParseException(Names.unknownTarget(name))));
        }
        return new Topic(what.equals("all-registers") ? "all-registers" : topic, regs);
    }

    @Override
    protected Status run(Topic t, Context ctx) {
        var s = ctx.session();
        switch (t.name()) {
            case "breakpoints" -> ctx.show(Views.breakpoints(s));
            case "registers" -> ctx.show(t.registers().isEmpty() ? Views.regs(s, false) : Views.someRegs(s, t.registers()));
            case "all-registers" -> ctx.show(Views.regs(s, true));
            case "frame" -> ctx.show(Views.bt(s).append(Views.ptregs(s)));
            case "display" -> DisplayVerb.showAll(ctx);
            case "program" -> ctx.show(Views.program(s));
            case "config" -> ctx.show(Views.config(s.config()));
            default -> ctx.show(setup(ctx));
        }
        return Status.OK;
    }

    /** The program, the profile and every edit that reset keeps. */
    static Doc setup(Context ctx) {
        var s = ctx.session();
        Doc d = Views.program(s);
        d.append(Views.config(s.config()));
        d.append(Views.setup(s));
        return d;
    }
}
