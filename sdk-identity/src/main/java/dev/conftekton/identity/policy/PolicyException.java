package dev.conftekton.identity.policy;

import dev.conftekton.core.error.ConftektonException;
import java.util.List;
import java.util.stream.Collectors;

/** A policy file could not be loaded; {@link #problems()} lists every problem with its line. */
public class PolicyException extends ConftektonException {
    private static final long serialVersionUID = 1L;

    /**
     * One problem in a policy file.
     *
     * @param source the file name or description
     * @param line 1-based line number, 0 when unknown
     * @param message what is wrong and what to write instead
     */
    public record Problem(String source, int line, String message) {
        @Override
        public String toString() {
            return source + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    private final List<Problem> problems;

    public PolicyException(List<Problem> problems) {
        super("invalid policy:\n  " + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
