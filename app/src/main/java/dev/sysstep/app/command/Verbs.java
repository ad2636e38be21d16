package dev.sysstep.app.command;

import dev.sysstep.app.verbs.BackVerb;
import dev.sysstep.app.verbs.BackiVerb;
import dev.sysstep.app.verbs.BreakVerb;
import dev.sysstep.app.verbs.ConfigVerb;
import dev.sysstep.app.verbs.ContinueVerb;
import dev.sysstep.app.verbs.DeleteVerb;
import dev.sysstep.app.verbs.DiffVerb;
import dev.sysstep.app.verbs.DisplayVerb;
import dev.sysstep.app.verbs.EchoVerb;
import dev.sysstep.app.verbs.ExamineVerb;
import dev.sysstep.app.verbs.ExpectVerb;
import dev.sysstep.app.verbs.ExplainVerb;
import dev.sysstep.app.verbs.FinishVerb;
import dev.sysstep.app.verbs.GotoVerb;
import dev.sysstep.app.verbs.HelpVerb;
import dev.sysstep.app.verbs.InfoVerb;
import dev.sysstep.app.verbs.ListVerb;
import dev.sysstep.app.verbs.MemVerb;
import dev.sysstep.app.verbs.MsrVerb;
import dev.sysstep.app.verbs.NextVerb;
import dev.sysstep.app.verbs.OpenVerb;
import dev.sysstep.app.verbs.PauseVerb;
import dev.sysstep.app.verbs.PipeVerb;
import dev.sysstep.app.verbs.PrintVerb;
import dev.sysstep.app.verbs.ProgramVerb;
import dev.sysstep.app.verbs.PtRegsVerb;
import dev.sysstep.app.verbs.QuitVerb;
import dev.sysstep.app.verbs.RegsVerb;
import dev.sysstep.app.verbs.ReverseContinueVerb;
import dev.sysstep.app.verbs.ReverseNextVerb;
import dev.sysstep.app.verbs.ResetVerb;
import dev.sysstep.app.verbs.RunVerb;
import dev.sysstep.app.verbs.SetVerb;
import dev.sysstep.app.verbs.SourceVerb;
import dev.sysstep.app.verbs.StackVerb;
import dev.sysstep.app.verbs.StepVerb;
import dev.sysstep.app.verbs.StepiVerb;
import dev.sysstep.app.verbs.TerminalVerb;
import dev.sysstep.app.verbs.UndisplayVerb;
import dev.sysstep.app.verbs.ViewVerb;
import dev.sysstep.app.verbs.WatchVerb;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Every verb of the language, in the order help lists them, and lookup by name or alias. */
public final class Verbs {
    private static final List<Verb<?>> ALL;
    private static final Map<String, Verb<?>> BY_NAME = new LinkedHashMap<>();

    static {
        Map<String, Verb<?>> views = new LinkedHashMap<>();
        for (Verb<?> view : ViewVerb.all()) {
            views.put(view.name(), view);
        }
        List<Verb<?>> v = List.of(new StepVerb(), new StepiVerb(), new NextVerb(), new FinishVerb(),
                new ContinueVerb(), new RunVerb(), new BackVerb(), new BackiVerb(), new ReverseNextVerb(),
                new ReverseContinueVerb(), new GotoVerb(), new ResetVerb(),
                new BreakVerb(), new WatchVerb(), new DeleteVerb(), new InfoVerb(), new RegsVerb(), views.get("flags"),
                new MsrVerb(), views.get("cr3"), new StackVerb(), new PtRegsVerb(), new ExamineVerb(), new PrintVerb(),
                new DisplayVerb(), new UndisplayVerb(), views.get("bt"),
                views.get("phases"), views.get("where"), new DiffVerb(), new ExplainVerb(), new ListVerb(), new SourceVerb(),
                views.get("fds"), new TerminalVerb(), views.get("result"), new SetVerb(), new ProgramVerb(), new OpenVerb(),
                new PipeVerb(), new MemVerb(), new ConfigVerb(), new ExpectVerb(), new dev.sysstep.app.verbs.AskVerb(), new EchoVerb(), new PauseVerb(),
                new HelpVerb(), new QuitVerb());
        ALL = Collections.unmodifiableList(v);
        for (Verb<?> verb : ALL) {
            BY_NAME.put(verb.name(), verb);
        }
        for (Verb<?> verb : ALL) {
            for (String a : verb.aliases()) {
                BY_NAME.putIfAbsent(a, verb);
            }
        }
    }

    private Verbs() {
    }

    public static List<Verb<?>> all() {
        return ALL;
    }

    public static Optional<Verb<?>> byName(String word) {
        return Optional.ofNullable(BY_NAME.get(word.toLowerCase(Locale.ROOT)));
    }

    /** The verbs' own names. */
    public static List<String> names() {
        return ALL.stream().map(Verb::name).toList();
    }

    /** Names and aliases, for completion. */
    public static List<String> namesAndAliases() {
        return new ArrayList<>(BY_NAME.keySet());
    }
}
