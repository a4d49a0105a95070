package dev.conftekton.confluence.publish;

import dev.conftekton.confluence.publish.PublishPlanner.ExistingPage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Confluence operations the publishing engine needs, kept small so the engine can be tested
 * against the emulator, a fault-injecting wrapper, or another client. {@link ConfluencePublishTarget}
 * implements it over the REST API.
 */
public interface PublishTarget {
    /**
     * The page everything is published under.
     *
     * @param id the page id
     * @param title its title
     * @param spaceKey its space
     */
    record Root(String id, String title, String spaceKey) {}

    /**
     * A page after a write.
     *
     * @param id page id
     * @param version version number now current
     */
    record Written(String id, int version) {}

    /** The root page by id. */
    Root rootPage(String pageId);

    /** The home page of a space. */
    Root spaceHome(String spaceKey);

    /** Every page under {@code rootId} (any depth) with version, labels and publish state, in a few bulk requests. */
    List<RemotePage> readTree(String rootId);

    /** Pages in the space with one of the titles (case-insensitive match), keyed by the title searched for. */
    Map<String, ExistingPage> findTitles(String spaceKey, Set<String> titles);

    /** Creates a page. */
    Written createPage(String spaceKey, String parentId, String title, String storage, String versionMessage);

    /** Writes a new version {@code newVersion} of a page (fails with a conflict when the current version moved on). */
    Written updatePage(String id, String parentId, String title, String storage, int newVersion, String versionMessage);

    /** Writes the publish state; {@code currentPropertyVersion} is 0 when the property does not exist yet. */
    void writeState(String pageId, PublishState state, int currentPropertyVersion);

    /** Uploads (creates or replaces) attachments of a page, in one request where the API allows. */
    void uploadAttachments(String pageId, List<SourceAttachment> attachments);

    /** Adds labels. */
    void addLabels(String pageId, List<String> labels);

    /** Removes one label. */
    void removeLabel(String pageId, String label);

    /** Archives a page. */
    void archivePage(String pageId);

    /** Moves a page to the trash. */
    void deletePage(String pageId);

    /** The browser URL of a page. */
    String pageUrl(String pageId);
}
