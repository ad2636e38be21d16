package dev.sysstep.app.run;

import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Verbs;
import dev.sysstep.core.session.Session;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Tab completion: command names, then whatever the command's verb offers for the word being typed. */
final class SysstepCompleter implements Completer {
    private final Session session;

    SysstepCompleter(Session session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        for (String c : options(line.words(), line.wordIndex())) {
            candidates.add(new Candidate(c));
        }
    }

    List<String> options(List<String> words, int index) {
        if (index == 0) {
            return Verbs.namesAndAliases();
        }
        return Verbs.byName(words.get(0)).map(v -> v.complete(new CompletionContext(session), words, index))
                .orElse(List.of());
    }
}
