package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.AttachmentService;
import dev.conftekton.confluence.CommentService;
import dev.conftekton.confluence.ContentStateService;
import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.LabelService;
import dev.conftekton.confluence.PageService;
import dev.conftekton.confluence.PropertyService;
import dev.conftekton.confluence.SearchService;
import dev.conftekton.confluence.SpaceService;
import dev.conftekton.confluence.UserService;
import dev.conftekton.core.http.RestClient;

/**
 * Wires the service implementations for a flavour. Not supported API: use {@code
 * ConfluenceClient}.
 */
public final class Services {
    private final SpaceService spaces;
    private final PageService pages;
    private final PropertyService properties;
    private final LabelService labels;
    private final CommentService comments;
    private final AttachmentService attachments;
    private final SearchService search;
    private final ContentStateService contentStates;
    private final UserService users;

    private Services(RestClient rest, Flavour flavour, int conflictAttempts) {
        Api api = new Api(rest, flavour, conflictAttempts);
        if (flavour == Flavour.CLOUD) {
            spaces = new CloudSpaces(api);
            properties = new CloudProperties(api);
            pages = new CloudPages(api, spaces);
            comments = new CloudComments(api);
        } else {
            spaces = new V1Spaces(api);
            properties = new V1Properties(api);
            pages = new V1Pages(api, properties);
            comments = new V1Comments(api);
        }
        labels = new V1Labels(api);
        attachments = new V1Attachments(api);
        search = new V1Search(api);
        contentStates = new V1ContentStates(api);
        users = new V1Users(api);
    }

    /** The services over {@code rest}, whose base URL is the site plus {@code /wiki} on Cloud. */
    public static Services create(RestClient rest, Flavour flavour, int conflictAttempts) {
        return new Services(rest, flavour, conflictAttempts);
    }

    public SpaceService spaces() {
        return spaces;
    }

    public PageService pages() {
        return pages;
    }

    public PropertyService properties() {
        return properties;
    }

    public LabelService labels() {
        return labels;
    }

    public CommentService comments() {
        return comments;
    }

    public AttachmentService attachments() {
        return attachments;
    }

    public SearchService search() {
        return search;
    }

    public ContentStateService contentStates() {
        return contentStates;
    }

    public UserService users() {
        return users;
    }
}
