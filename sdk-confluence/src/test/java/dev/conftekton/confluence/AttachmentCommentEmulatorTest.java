package dev.conftekton.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.confluence.model.Attachment;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An attachment comment with non-ASCII text survives the multipart upload on both flavours: the emulator, like
 * Confluence, decodes a text part without a charset as ISO-8859-1, so this passes only when the client declares
 * UTF-8.
 */
@ExtendWith(ConfluenceEmulatorExtension.class)
class AttachmentCommentEmulatorTest {
    private static final String COMMENT = "Freigabe für Größe ✓ — 承認";

    @Test
    void nonAsciiAttachmentCommentRoundTripsOnCloudAndDataCenter(ConfluenceEmulator emulator) {
        ConfluenceClient cloud = ConfluenceClient.newBuilder()
                .siteUrl(emulator.cloudUrl())
                .flavour(Flavour.CLOUD)
                .basicAuth("alice@example.com", Secret.of("alice-api-token"))
                .build();
        ConfluenceClient dataCenter = ConfluenceClient.newBuilder()
                .siteUrl(emulator.baseUrl())
                .flavour(Flavour.DATA_CENTER)
                .tokenSource(TokenSource.of(AccessToken.bearer("alice-pat")))
                .build();
        String pageId = emulator.createPage("alice@example.com", "DEV", "Attachments", "<p>files</p>", null);

        Attachment up = cloud.attachments()
                .upload(pageId, "notes.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8), COMMENT);
        Attachment dc = dataCenter
                .attachments()
                .upload(pageId, "dc.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8), COMMENT);

        assertThat(up.comment()).isEqualTo(COMMENT);
        assertThat(dc.comment()).isEqualTo(COMMENT);
        assertThat(cloud.attachments().list(pageId).stream().map(Attachment::comment))
                .containsExactlyInAnyOrder(COMMENT, COMMENT);
    }
}
