package dev.conftekton.tekton.report;

import dev.conftekton.confluence.publish.BuildRecords.RecordResult;
import dev.conftekton.tekton.RunState;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RunReporter#report} wrote for one finished run.
 *
 * @param namespace the run's namespace
 * @param name the run's name
 * @param state how it finished
 * @param page the record page, when the reporter writes record pages
 * @param logRow the log page after the row was appended (or found already there), when the
 *     reporter keeps a log page
 */
public record RunReport(
        String namespace, String name, RunState state, Optional<RecordResult> page, Optional<RecordResult> logRow) {
    public RunReport {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        page = page == null ? Optional.empty() : page;
        logRow = logRow == null ? Optional.empty() : logRow;
    }
}
