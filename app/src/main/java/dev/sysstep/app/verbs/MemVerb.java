package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Hex;
import dev.sysstep.app.view.Style;

/** {@code mem ADDRESS "BYTES"}: store bytes in user memory, mapping the page if needed. */
public final class MemVerb extends Verb<MemVerb.Store> {
    /** Where and what to store. */
    public record Store(String address, byte[] data) {
        public Store {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    public MemVerb() {
        super("mem", "", "mem ADDRESS \"BYTES\"", "Store bytes in user memory, mapping the page if needed.");
    }

    @Override
    protected Store parse(Args args) throws ParseException {
        if (args.size() != 2 || !args.word(1).isString()) {
            throw new ParseException("mem ADDRESS \"bytes\", such as: mem 0x47cfc4 \"hi\\n\"");
        }
        return new Store(args.word(0).text(), args.word(1).bytes());
    }

    @Override
    protected Status run(Store s, Context ctx) throws ParseException {
        long a = ctx.value(s.address());
        ctx.session().setMemory(a, s.data(), "mem " + Hex.x(a));
        ctx.showMotion(Doc.of(s.data().length + " bytes at " + Hex.x(a), Style.PLAIN));
        return Status.OK;
    }
}
