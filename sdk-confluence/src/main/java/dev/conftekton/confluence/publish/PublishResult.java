package dev.conftekton.confluence.publish;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a publish did.
 *
 * @param rootId the root page
 * @param rootUrl the root page's URL
 * @param created pages created
 * @param updated pages updated (including publish records repaired)
 * @param unchanged pages left as they were
 * @param skipped pages edited by people and skipped (policy skip)
 * @param orphans pages whose source is gone
 * @param failures one line per page that could not be written; empty on success
 * @param pageIds source key to page id for every page written or unchanged
 * @param dryRun true when nothing was written
 */
public record PublishResult(
        String rootId,
        String rootUrl,
        int created,
        int updated,
        int unchanged,
        int skipped,
        int orphans,
        List<String> failures,
        Map<String, String> pageIds,
        boolean dryRun) {
    public PublishResult {
        Objects.requireNonNull(rootId, "rootId");
        failures = List.copyOf(failures);
        pageIds = Map.copyOf(pageIds);
    }

    /** True when every planned write succeeded. */
    public boolean succeeded() {
        return failures.isEmpty();
    }

    /** One line: counts. */
    public String summary() {
        return (dryRun ? "dry run, nothing written: " : "")
                + "created=" + created + " updated=" + updated + " unchanged=" + unchanged + " skipped=" + skipped
                + " orphans=" + orphans + " failed=" + failures.size();
    }
}
