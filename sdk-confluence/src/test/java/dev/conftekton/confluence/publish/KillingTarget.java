package dev.conftekton.confluence.publish;

import dev.conftekton.confluence.publish.PublishPlanner.ExistingPage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets {@code budget} writes through, then fails every later write as if the process had died:
 * the exception is not a ConftektonException, so the publisher aborts instead of carrying on.
 */
final class KillingTarget implements PublishTarget {
    static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed() {
            super("killed");
        }
    }

    private final PublishTarget delegate;
    private final AtomicInteger budget;

    KillingTarget(PublishTarget delegate, int budget) {
        this.delegate = delegate;
        this.budget = new AtomicInteger(budget);
    }

    private void write() {
        if (budget.getAndDecrement() <= 0) {
            throw new Killed();
        }
    }

    @Override
    public Root rootPage(String pageId) {
        return delegate.rootPage(pageId);
    }

    @Override
    public Root spaceHome(String spaceKey) {
        return delegate.spaceHome(spaceKey);
    }

    @Override
    public List<RemotePage> readTree(String rootId) {
        return delegate.readTree(rootId);
    }

    @Override
    public Map<String, ExistingPage> findTitles(String spaceKey, Set<String> titles) {
        return delegate.findTitles(spaceKey, titles);
    }

    @Override
    public Written createPage(String spaceKey, String parentId, String title, String storage, String versionMessage) {
        write();
        return delegate.createPage(spaceKey, parentId, title, storage, versionMessage);
    }

    @Override
    public Written updatePage(
            String id, String parentId, String title, String storage, int newVersion, String message) {
        write();
        return delegate.updatePage(id, parentId, title, storage, newVersion, message);
    }

    @Override
    public void writeState(String pageId, PublishState state, int currentPropertyVersion) {
        write();
        delegate.writeState(pageId, state, currentPropertyVersion);
    }

    @Override
    public void uploadAttachments(String pageId, List<SourceAttachment> attachments) {
        if (!attachments.isEmpty()) {
            write();
        }
        delegate.uploadAttachments(pageId, attachments);
    }

    @Override
    public void addLabels(String pageId, List<String> labels) {
        if (!labels.isEmpty()) {
            write();
        }
        delegate.addLabels(pageId, labels);
    }

    @Override
    public void removeLabel(String pageId, String label) {
        write();
        delegate.removeLabel(pageId, label);
    }

    @Override
    public void archivePage(String pageId) {
        write();
        delegate.archivePage(pageId);
    }

    @Override
    public void deletePage(String pageId) {
        write();
        delegate.deletePage(pageId);
    }

    @Override
    public String pageUrl(String pageId) {
        return delegate.pageUrl(pageId);
    }
}
