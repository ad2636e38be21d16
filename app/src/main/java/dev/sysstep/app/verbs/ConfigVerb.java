package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Switch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code config [KEY VALUE]}: show the profile, or change one switch (the run restarts). */
public final class ConfigVerb extends Verb<Optional<ConfigVerb.Change>> {
    /** A switch and its new value. */
    public record Change(Switch key, String value) {
    }

    public ConfigVerb() {
        super("config", "", "config [KEY VALUE]", "Show or change the profile: " + keys()
                + ". Restarts the run; what was set up before the first step is kept.");
    }

    /** The keys and their values, as the help lists them. */
    private static String keys() {
        List<String> out = new ArrayList<>();
        for (Switch s : Switch.values()) {
            out.add(s.key() + " " + String.join("|", s.choices()));
        }
        return String.join(", ", out);
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        if (index == 1) {
            return java.util.Arrays.stream(Switch.values()).map(Switch::key).toList();
        }
        if (index == 2 && words.size() > 1) {
            return Switch.byKey(words.get(1)).map(Switch::choices).orElse(List.of());
        }
        return List.of();
    }

    @Override
    protected Optional<Change> parse(Args args) throws ParseException {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        if (args.size() != 2) {
            throw new ParseException("config KEY VALUE, such as: config kernel 5.14, config kpti off, config cpu amd");
        }
        String key = args.word(0).text().toLowerCase(Locale.ROOT);
        String value = args.word(1).text().toLowerCase(Locale.ROOT);
        Switch s = Switch.byKey(key).orElseThrow(() -> new ParseException("config: unknown key '" + key + "' ("
                + java.util.Arrays.stream(Switch.values()).map(Switch::key).collect(Collectors.joining(", ")) + ")"));
        if (s.apply(KernelConfig.defaults(), value).isEmpty()) {
            throw new ParseException("config " + key + ": unknown value '" + value + "' ("
                    + String.join(", ", s.choices()) + ")");
        }
        return Optional.of(new Change(s, value));
    }

    @Override
    protected Status run(Optional<Change> change, Context ctx) {
        KernelConfig before = ctx.session().config();
        if (change.isEmpty()) {
            ctx.show(Views.config(before));
            return Status.OK;
        }
        KernelConfig next = change.get().key().apply(before, change.get().value()).orElseThrow();
        java.util.List<dev.sysstep.core.session.Edit> dropped = ctx.session().configure(next);
        Doc d = Views.config(next);
        if (change.get().key() != Switch.KPTI && before.kpti() != next.kpti()) {
            d.line().add("note: KPTI is now " + (next.kpti() ? "on" : "off") + ": with kpti auto it follows the CPU and "
                    + "the mitigations (pti_check_boottime_disable); `config kpti on|off` fixes it", Style.WARNING);
        }
        d.line().add("the run restarted", Style.DIM);
        Motions.keptAndDropped(d, ctx.session(), dropped);
        ctx.showMotion(d);
        return Status.OK;
    }
}
