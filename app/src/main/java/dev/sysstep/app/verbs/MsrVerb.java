package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.Names;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.cpu.Reg;
import java.util.List;
import java.util.Optional;

/** {@code msr [NAME]}: the MSRs SYSCALL and SYSRET use, or one of them. */
public final class MsrVerb extends Verb<Optional<Reg>> {
    public MsrVerb() {
        super("msr", "", "msr [NAME]", "The MSRs the ways into the kernel use (SYSCALL, SYSENTER, RDTSCP), or one of them.");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? Names.msrs() : List.of();
    }

    @Override
    protected Optional<Reg> parse(Args args) throws ParseException {
        String name = args.optional(null);
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(Reg.byName(name).filter(Reg::isMsr).orElseThrow(() -> new ParseException("unknown MSR '"
                + name + "' (" + String.join(", ", java.util.Arrays.stream(Reg.msrs()).map(Reg::sdmName).toList())
                + ", or their names without IA32_)")));
    }

    @Override
    protected Status run(Optional<Reg> msr, Context ctx) {
        ctx.show(Views.msr(ctx.session(), msr));
        return Status.OK;
    }
}
