package dev.sysstep.app.command;

import dev.sysstep.core.session.Session;

/** What completion may look at: the session, for its phase ids. */
public record CompletionContext(Session session) {
}
