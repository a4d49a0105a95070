// Runs the third-party client confluence.js against the conftekton Confluence emulator, the way an
// integration uses it. Started by .ci/third-party (see docs/development.md); by hand:
//
//   CONFLUENCE_URL=http://127.0.0.1:8090 node --test emulator.test.mjs
//
// with the emulator seeded from .ci/third-party-seed.yaml. confluence.js validates every response
// against zod schemas generated from Atlassian's OpenAPI files, so a response of the wrong shape
// fails here even where these assertions do not look.
//
// Where the client and Atlassian's documented API disagree, the emulator follows Atlassian: such a
// call is skipped here with a comment saying why (none so far). Where the client lacks a call, it goes
// through the client's own transport (client.sendRequest), also with a comment.
//
// The tests run in order and share state (the pages they create); a re-run against the same
// emulator works (titles and labels carry a run-unique suffix).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

// confluence.js's own schema audit: every response is parsed strictly, and every key or enum value that
// its Atlassian-derived schemas do not describe is recorded (the last test fails on any). It must be on
// before the package loads, hence the dynamic imports.
process.env.AUDIT_SCHEMAS = 'true';
const { createV1Client, createV2Client, isApiError, isAuthError, isNotFoundError } = await import('confluence.js');
const { createClient } = await import('confluence.js/core');

const host = process.env.CONFLUENCE_URL;
if (!host) {
  throw new Error('Set CONFLUENCE_URL to the emulator (http://127.0.0.1:PORT, without /wiki)');
}
// Users from .ci/third-party-seed.yaml.
const integration = { type: 'basic', email: 'integration@example.com', apiToken: 'integration-api-token' };
const reader = { type: 'basic', email: 'reader@example.com', apiToken: 'reader-api-token' };
const admin = { type: 'basic', email: 'alice@example.com', apiToken: 'alice-api-token' };

const client = createClient({ host, auth: integration });
const v2 = createV2Client(client);
const v1 = createV1Client(client);
const readerV2 = createV2Client({ host, auth: reader });
const adminV2 = createV2Client({ host, auth: admin });

// A run-unique suffix, so a re-run against the same emulator does not collide on titles.
const run = Date.now().toString(36);
const state = {};

/** Asserts that `promise` rejects with an ApiError of `status`, and returns that error. */
async function rejectsWith(promise, status) {
  try {
    await promise;
  } catch (error) {
    if (!isApiError(error)) throw error;
    assert.equal(error.status, status, `expected ${status}, got ${error.status}: ${error.message}`);
    return error;
  }
  assert.fail(`expected HTTP ${status}, but the call succeeded`);
}

/** The cursor of a `_links.next` such as `/wiki/api/v2/spaces/1/pages?cursor=abc&limit=5`. */
function cursorOf(next) {
  return next ? new URL(next, host).searchParams.get('cursor') : undefined;
}

before(async () => {
  const spaces = await v2.space.getSpaces({ keys: ['INT'] });
  assert.equal(spaces.results?.length, 1, 'the seed has space INT');
  state.space = spaces.results[0];
});

// ---------------------------------------------------------------------------------------------
// Cloud REST v2
// ---------------------------------------------------------------------------------------------

test('v2 spaces: list shows the spaces the user may view, get by id and by key', async () => {
  const all = await v2.space.getSpaces({ limit: 250 });
  const keys = all.results.map(s => s.key).sort();
  assert.deepEqual(keys, ['DOCS', 'INT'], 'SECRET is not visible to the integration user');

  const byId = await v2.space.getSpaceById({ id: Number(state.space.id) });
  assert.equal(byId.key, 'INT');
  assert.equal(byId.name, 'Integration');
  assert.equal(typeof byId.homepageId, 'string');

  const byKey = await v2.space.getSpaces({ keys: ['DOCS'] });
  assert.equal(byKey.results.length, 1);
  assert.equal(byKey.results[0].name, 'Documentation');
});

test('v2 pages: create in a space in storage format, get by id with body-format storage', async () => {
  const created = await v2.page.createPage({
    body: {
      spaceId: state.space.id,
      status: 'current',
      title: `Release notes ${run}`,
      body: { representation: 'storage', value: '<p>Version <strong>1.0</strong></p>' },
    },
  });
  assert.match(created.id, /^\d+$/);
  assert.equal(created.spaceId, state.space.id);
  assert.equal(created.version.number, 1);
  assert.equal(created.authorId, '557058:integration');
  // Without a parent, a page goes under the space's home page.
  assert.equal(created.parentId, state.space.homepageId);
  state.page = created;

  const got = await v2.page.getPageById({ id: Number(created.id), bodyFormat: 'storage' });
  assert.equal(got.title, `Release notes ${run}`);
  assert.equal(got.body.storage.representation, 'storage');
  assert.equal(got.body.storage.value, '<p>Version <strong>1.0</strong></p>');
  assert.ok(got.createdAt instanceof Date && !Number.isNaN(got.createdAt.getTime()));
  assert.ok(got._links.webui, 'a page links to its web UI');

  const lean = await v2.page.getPageById({ id: Number(created.id), includeVersion: false });
  assert.equal(lean.version, undefined, 'include-version=false leaves the version out');
});

test('v2 pages: update with version + 1, then a stale version is a 409', async () => {
  const updated = await v2.page.updatePage({
    id: Number(state.page.id),
    body: {
      id: state.page.id,
      status: 'current',
      title: `Release notes ${run}`,
      body: { representation: 'storage', value: '<p>Version <strong>1.1</strong></p>' },
      version: { number: 2, message: 'bump' },
    },
  });
  assert.equal(updated.version.number, 2);
  assert.equal(updated.version.message, 'bump');

  const stale = await rejectsWith(
    v2.page.updatePage({
      id: Number(state.page.id),
      body: {
        id: state.page.id,
        status: 'current',
        title: `Release notes ${run}`,
        body: { representation: 'storage', value: '<p>lost update</p>' },
        version: { number: 2 },
      },
    }),
    409,
  );
  assert.ok(Array.isArray(stale.body?.errors), 'a v2 error body carries errors[]');
  assert.equal(stale.body.errors[0].status, 409);

  const after = await v2.page.getPageById({ id: Number(state.page.id), bodyFormat: 'storage' });
  assert.equal(after.version.number, 2);
  assert.equal(after.body.storage.value, '<p>Version <strong>1.1</strong></p>');
});

test('v2 pages: list a space page by page, following _links.next', async () => {
  const titles = [];
  for (let i = 0; i < 7; i++) {
    const child = await v2.page.createPage({
      body: {
        spaceId: state.space.id,
        status: 'current',
        parentId: state.page.id,
        title: `Child ${run} ${i}`,
        body: { representation: 'storage', value: `<p>child ${i}</p>` },
      },
    });
    assert.equal(child.parentId, state.page.id);
    titles.push(child.title);
  }
  state.childTitles = titles;

  const seen = [];
  let cursor;
  let pages = 0;
  do {
    const page = await v2.page.getPagesInSpace({ id: Number(state.space.id), limit: 3, cursor });
    assert.ok(page.results.length <= 3);
    pages++;
    seen.push(...page.results.map(p => p.title));
    cursor = cursorOf(page._links?.next);
  } while (cursor && pages < 50);
  assert.ok(pages >= 4, `1 home + 1 seeded + 1 + 7 pages need at least 4 requests of 3, took ${pages}`);
  assert.equal(new Set(seen).size, seen.length, 'no page is listed twice');
  for (const title of [...titles, `Release notes ${run}`, 'Handbook']) {
    assert.ok(seen.includes(title), `${title} is listed`);
  }

  // The same with GET /pages?space-id=, which integrations use as often.
  const first = await v2.page.getPages({ spaceId: [Number(state.space.id)], limit: 2 });
  assert.equal(first.results.length, 2);
  assert.ok(first._links.next, 'more than 2 pages: a next link');
  const second = await v2.page.getPages({ spaceId: [Number(state.space.id)], limit: 2, cursor: cursorOf(first._links.next) });
  assert.equal(second.results.length, 2);
  assert.notEqual(second.results[0].id, first.results[0].id);
});

test('v2 pages: children of a page, paged', async () => {
  const seen = [];
  let cursor;
  do {
    const page = await v2.children.getChildPages({ id: Number(state.page.id), limit: 4, cursor });
    seen.push(...page.results.map(p => p.title));
    cursor = cursorOf(page._links?.next);
  } while (cursor);
  assert.deepEqual([...seen].sort(), [...state.childTitles].sort());
});

test('v2 pages: direct children and descendants (top to bottom, with depth), paged', async () => {
  const direct = [];
  let cursor;
  do {
    const page = await v2.children.getPageDirectChildren({ id: Number(state.page.id), limit: 4, cursor });
    assert.ok(page.results.every(c => c.type === 'page' && c.spaceId === state.space.id));
    direct.push(...page.results);
    cursor = cursorOf(page._links?.next);
  } while (cursor);
  assert.deepEqual(direct.map(c => c.title), state.childTitles, 'by child position');

  const grandchild = await v2.page.createPage({
    body: {
      spaceId: state.space.id,
      status: 'current',
      parentId: direct[0].id,
      title: `Nested ${run}`, // no "Child": the CQL test counts titles with it
      body: { representation: 'storage', value: '<p>below</p>' },
    },
  });
  const seen = [];
  cursor = undefined;
  do {
    const page = await v2.descendants.getPageDescendants({ id: Number(state.page.id), depth: 2, limit: 5, cursor });
    seen.push(...page.results);
    cursor = cursorOf(page._links?.next);
  } while (cursor);
  assert.deepEqual(seen.map(d => d.title), [...state.childTitles, grandchild.title], 'children before grandchildren');
  assert.equal(seen.at(-1).depth, 2);
  assert.equal(seen.at(-1).parentId, direct[0].id);
  assert.ok(seen.slice(0, -1).every(d => d.depth === 1 && d.parentId === state.page.id));

  const shallow = await v2.descendants.getPageDescendants({ id: Number(state.page.id), depth: 1, limit: 250 });
  assert.equal(shallow.results.length, state.childTitles.length);
  await rejectsWith(v2.descendants.getPageDescendants({ id: 99999999 }), 404);
});

test('v2 pages: update the title publishes a new version, titles stay unique', async () => {
  const page = await v2.page.createPage({
    body: { spaceId: state.space.id, status: 'current', title: `Draft title ${run}`, body: { representation: 'storage', value: '<p>same body</p>' } },
  });
  const renamed = await v2.page.updatePageTitle({ id: Number(page.id), body: { status: 'current', title: `Final title ${run}` } });
  assert.equal(renamed.title, `Final title ${run}`);
  assert.equal(renamed.version.number, 2);
  const read = await v2.page.getPageById({ id: Number(page.id), bodyFormat: 'storage' });
  assert.equal(read.body.storage.value, '<p>same body</p>');

  await rejectsWith(v2.page.updatePageTitle({ id: Number(page.id), body: { status: 'current', title: 'Handbook' } }), 400);
  await rejectsWith(readerV2.page.updatePageTitle({ id: Number(page.id), body: { status: 'current', title: `Reader ${run}` } }), 403);
});

test('v2 pages: delete moves to the trash, purge removes it', async () => {
  const doomed = await v2.page.createPage({
    body: { spaceId: state.space.id, status: 'current', title: `Doomed ${run}`, body: { representation: 'storage', value: '<p>x</p>' } },
  });
  await v2.page.deletePage({ id: Number(doomed.id) });
  const trashed = await v2.page.getPageById({ id: Number(doomed.id), status: ['trashed'] });
  assert.equal(trashed.status, 'trashed');
  await rejectsWith(v2.page.getPageById({ id: Number(doomed.id) }), 404);

  // Purging needs space admin ("Permission to administer the space (if attempting to purge)").
  await rejectsWith(v2.page.deletePage({ id: Number(doomed.id), purge: true }), 403);
  await adminV2.page.deletePage({ id: Number(doomed.id), purge: true });
  await rejectsWith(v2.page.getPageById({ id: Number(doomed.id), status: ['trashed'] }), 404);
});

test('v2 footer comments: create on a page and list them', async () => {
  const comment = await v2.comment.createFooterComment({
    pageId: state.page.id,
    body: { representation: 'storage', value: '<p>Looks good</p>' },
  });
  assert.match(comment.id, /^\d+$/);
  assert.equal(comment.pageId, state.page.id);
  assert.equal(comment.version.number, 1);

  const list = await v2.comment.getPageFooterComments({ id: Number(state.page.id), bodyFormat: 'storage' });
  assert.equal(list.results.length, 1);
  assert.equal(list.results[0].id, comment.id);
  assert.equal(list.results[0].body.storage.value, '<p>Looks good</p>');
  state.comment = comment;

  // A reply hangs below its parent: the page lists root comments only, the parent lists its children.
  const reply = await v2.comment.createFooterComment({
    parentCommentId: comment.id,
    body: { representation: 'storage', value: '<p>Agreed</p>' },
  });
  assert.equal(reply.parentCommentId, comment.id);
  const roots = await v2.comment.getPageFooterComments({ id: Number(state.page.id) });
  assert.deepEqual(roots.results.map(c => c.id), [comment.id]);
  const children = await v2.comment.getFooterCommentChildren({ id: Number(comment.id) });
  assert.deepEqual(children.results.map(c => c.id), [reply.id]);
  assert.equal(children.results[0].parentCommentId, comment.id);
});

// ---------------------------------------------------------------------------------------------
// Cloud REST v1
// ---------------------------------------------------------------------------------------------

test('v1 content: get with expand=body.storage,version', async () => {
  // confluence.js 3.x dropped GET /wiki/rest/api/content/{id} with Atlassian's v1 description (it
  // has a v2 equivalent), so this goes through the client's own transport with the path as
  // Atlassian documents it.
  const content = await client.sendRequest({
    url: `/wiki/rest/api/content/${state.page.id}`,
    method: 'GET',
    searchParams: { expand: 'body.storage,version,space' },
  });
  assert.equal(content.id, state.page.id);
  assert.equal(content.type, 'page');
  assert.equal(content.space.key, 'INT');
  assert.equal(content.version.number, 2);
  assert.equal(content.body.storage.value, '<p>Version <strong>1.1</strong></p>');
  assert.equal(content.body.storage.representation, 'storage');
});

test('v1 labels: add, then list through v2 and CQL', async () => {
  const added = await v1.contentLabels.addLabelsToContent({
    id: state.page.id,
    body: [
      { prefix: 'global', name: `release-${run}` },
      { prefix: 'global', name: 'q4' },
    ],
  });
  assert.deepEqual(added.results.map(l => l.name).sort(), ['q4', `release-${run}`]);

  const labels = await v2.label.getPageLabels({ id: Number(state.page.id) });
  assert.deepEqual(labels.results.map(l => l.name).sort(), ['q4', `release-${run}`]);
  assert.ok(labels.results.every(l => l.prefix === 'global'));

  await v1.contentLabels.removeLabelFromContent({ id: state.page.id, label: 'q4' });
  const left = await v2.label.getPageLabels({ id: Number(state.page.id) });
  assert.deepEqual(left.results.map(l => l.name), [`release-${run}`]);
});

test('v1 search: CQL over content and the generic search', async () => {
  const content = await v1.content.searchContentByCQL({
    cql: `space = INT AND type = page AND label = "release-${run}"`,
    expand: ['version'],
  });
  assert.deepEqual(content.results.map(c => c.id), [state.page.id]);
  assert.equal(content.results[0].version.number, 2);

  // Cloud pages both searches by cursor: `_links.next` carries one, and the client takes nothing else.
  const cql = `title ~ "Child ${run}" AND space = INT ORDER BY title`;
  const search = await v1.search.searchByCQL({ cql, limit: 5 });
  assert.equal(search.totalSize, 7);
  assert.equal(search.results.length, 5);
  assert.ok(search.results.every(r => r.content?.type === 'page'));
  const rest = await v1.search.searchByCQL({ cql, limit: 5, cursor: cursorOf(search._links.next) });
  assert.deepEqual(
    [...search.results, ...rest.results].map(r => r.title),
    [...state.childTitles].sort(),
  );
  assert.equal(rest._links.next, undefined);

  const titles = [];
  let cursor;
  let requests = 0;
  do {
    const page = await v1.content.searchContentByCQL({ cql, limit: 3, cursor });
    titles.push(...page.results.map(c => c.title));
    cursor = cursorOf(page._links?.next);
    requests++;
  } while (cursor && requests < 10);
  assert.equal(requests, 3);
  assert.deepEqual(titles, [...state.childTitles].sort());
});

test('v1 attachments: upload (multipart, no-check), list and download', async () => {
  const bytes = new TextEncoder().encode('build log line 1\nbuild log line 2\n');
  const uploaded = await v1.contentAttachments.createAttachment({
    id: state.page.id,
    attachments: { filename: 'build.log', content: new Blob([bytes], { type: 'text/plain' }) },
  });
  assert.equal(uploaded.results.length, 1);
  const attachment = uploaded.results[0];
  assert.equal(attachment.type, 'attachment');
  assert.equal(attachment.title, 'build.log');
  state.attachment = attachment;

  const listed = await v2.attachment.getPageAttachments({ id: Number(state.page.id) });
  assert.equal(listed.results.length, 1);
  assert.equal(listed.results[0].title, 'build.log');
  assert.equal(listed.results[0].fileSize, bytes.length);

  const data = await v1.contentAttachments.downloadAttatchment({ id: state.page.id, attachmentId: attachment.id });
  assert.deepEqual(new Uint8Array(data), bytes);

  // A second upload of the same name is refused; PUT (create or update) and .../data add versions.
  await rejectsWith(
    v1.contentAttachments.createAttachment({ id: state.page.id, attachments: { filename: 'build.log', content: 'again' } }),
    400,
  );
  const second = await v1.contentAttachments.createOrUpdateAttachments({
    id: state.page.id,
    attachments: { filename: 'build.log', content: 'second run\n' },
  });
  assert.equal(second.results[0].id, attachment.id);
  assert.equal(second.results[0].version.number, 2);
  const third = await v1.contentAttachments.updateAttachmentData({
    id: state.page.id,
    attachmentId: attachment.id,
    attachment: { filename: 'build.log', content: 'third run\n' },
  });
  assert.equal(third.version.number, 3);

  const text = async version =>
    new TextDecoder().decode(
      await v1.contentAttachments.downloadAttatchment({ id: state.page.id, attachmentId: attachment.id, version }),
    );
  assert.equal(await text(undefined), 'third run\n');
  assert.equal(await text(1), 'build log line 1\nbuild log line 2\n');
  assert.equal(await text(2), 'second run\n');

  const byId = await v2.attachment.getAttachmentById({ id: attachment.id });
  assert.equal(byId.version.number, 3);
  assert.equal(byId.fileSize, 'third run\n'.length);
  const firstVersion = await v2.attachment.getAttachmentById({ id: attachment.id, version: 1 });
  assert.equal(firstVersion.fileSize, bytes.length);
  const versions = await v2.version.getAttachmentVersions({ id: attachment.id });
  assert.deepEqual(versions.results.map(v => v.number), [3, 2, 1]);
});

test('v2 attachments: list all, delete to the trash, purge as a space admin', async () => {
  const listed = await v2.attachment.getAttachments({ filename: 'build.log', limit: 250 });
  assert.ok(listed.results.some(a => a.id === state.attachment.id && a.pageId === state.page.id));

  const scratch = await v1.contentAttachments.createAttachment({
    id: state.page.id,
    attachments: { filename: `scratch-${run}.txt`, content: new Blob(['scratch'], { type: 'text/plain' }) },
  });
  const id = scratch.results[0].id;
  await rejectsWith(readerV2.attachment.deleteAttachment({ id }), 403);
  await v2.attachment.deleteAttachment({ id });
  await rejectsWith(v2.attachment.getAttachmentById({ id }), 404);
  const trashed = await v2.attachment.getAttachments({ status: ['trashed'], limit: 250 });
  assert.ok(trashed.results.some(a => a.id === id && a.status === 'trashed'));

  // Purging needs space admin, as for pages.
  await rejectsWith(v2.attachment.deleteAttachment({ id, purge: true }), 403);
  await adminV2.attachment.deleteAttachment({ id, purge: true });
  const after = await v2.attachment.getAttachments({ status: ['trashed'], limit: 250 });
  assert.ok(!after.results.some(a => a.id === id));
});

test('v2 labels: all labels, and the pages carrying one', async () => {
  const onPage = await v2.label.getPageLabels({ id: Number(state.page.id) });
  const label = onPage.results.find(l => l.name === `release-${run}`);
  assert.ok(label, 'added by the v1 labels test');

  const all = await v2.label.getLabels({ limit: 250 });
  assert.ok(all.results.some(l => l.id === label.id && l.name === label.name), 'the same id as on the page');
  assert.ok(all.results.some(l => l.name === 'handbook'));
  const one = await v2.label.getLabels({ labelId: [Number(label.id)] });
  assert.deepEqual(one.results.map(l => l.name), [`release-${run}`]);

  const pages = await v2.page.getLabelPages({ id: Number(label.id), bodyFormat: 'storage' });
  assert.deepEqual(pages.results.map(p => p.id), [state.page.id]);
  await rejectsWith(v2.page.getLabelPages({ id: 99999999 }), 404);
});

test('v2 inline comments: none in the emulator, an empty list for a visible page', async () => {
  const onPage = await v2.comment.getPageInlineComments({ id: Number(state.page.id) });
  assert.deepEqual(onPage.results, []);
  const all = await v2.comment.getInlineComments({ limit: 10 });
  assert.deepEqual(all.results, []);
  await rejectsWith(v2.comment.getPageInlineComments({ id: 99999999 }), 404);
});

test('v1 users: the current user and their groups', async () => {
  const me = await v1.users.getCurrentUser();
  assert.equal(me.accountId, '557058:integration');
  assert.equal(me.displayName, 'Integration Bot');
  assert.equal(me.type, 'known');

  const groups = await v1.users.getGroupMembershipsForUser({ accountId: me.accountId });
  assert.deepEqual(groups.results.map(g => g.name), ['integrations']);
});

test('v2 versions: the page history', async () => {
  const versions = await v2.version.getPageVersions({ id: Number(state.page.id) });
  assert.deepEqual(versions.results.map(v => v.number).sort(), [1, 2]);
  assert.ok(versions.results.every(v => v.authorId === '557058:integration'));
});

test('v1 descendants: child pages at every level, comments with their replies, paged', async () => {
  // After the search test: the grandchild's title would match its `title ~ "Child ..."`.
  const direct = await v1.contentChildrenAndDescendants.getDescendantsOfType({
    id: state.page.id, type: 'page', depth: 'root', limit: 50,
  });
  assert.deepEqual(direct.results.map(p => p.title).sort(), [...state.childTitles].sort());
  const grandchild = await v2.page.createPage({
    body: {
      spaceId: state.space.id,
      status: 'current',
      parentId: direct.results[0].id,
      title: `Grandchild ${run}`,
      body: { representation: 'storage', value: '<p>deeper</p>' },
    },
  });

  const all = await v1.contentChildrenAndDescendants.getDescendantsOfType({ id: state.page.id, type: 'page', limit: 50 });
  // Every child, and below them the grandchild (and whatever earlier checks nested), each once.
  const ids = all.results.map(p => p.id);
  assert.equal(new Set(ids).size, ids.length, 'no page twice');
  assert.ok(direct.results.every(c => ids.includes(c.id)), 'every child is a descendant');
  assert.ok(ids.includes(grandchild.id), 'the grandchild is a descendant');
  assert.ok(ids.length > direct.results.length);
  const first = await v1.contentChildrenAndDescendants.getDescendantsOfType({
    id: state.page.id, type: 'page', start: 0, limit: 3,
  });
  assert.equal(first.results.length, 3);
  assert.ok(first._links.next, 'more than 3 descendants: a next link');

  const comments = await v1.contentChildrenAndDescendants.getDescendantsOfType({ id: state.page.id, type: 'comment' });
  assert.equal(comments.results.length, 2, 'the comment and its reply');
  assert.equal(comments.results[0].id, state.comment.id);

  const map = await v1.contentChildrenAndDescendants.getContentDescendants({ id: state.page.id, expand: ['comment'] });
  assert.equal(map.comment.size, 2);
  assert.equal(typeof map._expandable.page, 'string');
});

test('v1 groups: the group picker finds groups by part of their name', async () => {
  const found = await v1.group.searchGroups({ query: 'INTEG', shouldReturnTotalSize: true });
  assert.deepEqual(found.results.map(g => g.name), ['integrations']);
  assert.equal(found.totalSize, 1);
  const none = await v1.group.searchGroups({ query: 'nobody' });
  assert.equal(none.size, 0);
});

test('v1 restrictions: a page without restrictions', async () => {
  const all = await v1.contentRestrictions.getRestrictions({ id: state.page.id });
  assert.deepEqual(all.results.map(r => r.operation), ['read', 'update']);
  assert.ok(all.results.every(r => r.restrictions.user.results.length === 0 && r.restrictions.group.results.length === 0));
  const byOperation = await v1.contentRestrictions.getRestrictionsByOperation({ id: state.page.id });
  assert.equal(byOperation.read.operation, 'read');
  assert.equal(byOperation.update.operation, 'update');
  const read = await v1.contentRestrictions.getRestrictionsForOperation({ id: state.page.id, operationKey: 'read' });
  assert.deepEqual(read.restrictions.user.results, []);
});

// ---------------------------------------------------------------------------------------------
// Errors as the client parses them
// ---------------------------------------------------------------------------------------------

test('errors: 404 for a page that does not exist', async () => {
  const error = await rejectsWith(v2.page.getPageById({ id: 999999999 }), 404);
  assert.ok(isNotFoundError(error));
  assert.equal(error.body.errors[0].status, 404);

  // v1 errors are shaped {statusCode, data, message}.
  const v1Error = await rejectsWith(
    v1.contentLabels.addLabelsToContent({ id: '999999999', body: [{ prefix: 'global', name: 'x' }] }),
    404,
  );
  assert.equal(v1Error.body.statusCode, 404);
  assert.equal(typeof v1Error.body.message, 'string');
});

test('errors: 401 for a wrong API token', async () => {
  const wrong = createV2Client({ host, auth: { ...integration, apiToken: 'not-the-token' } });
  const error = await rejectsWith(wrong.space.getSpaces(), 401);
  assert.ok(isAuthError(error));
});

test('errors: 400 for bad input', async () => {
  const error = await rejectsWith(
    v2.page.createPage({ body: { spaceId: state.space.id, status: 'current', title: '', body: { representation: 'storage', value: '' } } }),
    400,
  );
  assert.equal(error.body.errors[0].status, 400);

  // Storage format is XHTML: Confluence refuses a body that does not parse.
  const xhtml = await rejectsWith(
    v2.page.createPage({
      body: { spaceId: state.space.id, status: 'current', title: `Broken ${run}`, body: { representation: 'storage', value: '<p>a<br>b</p>' } },
    }),
    400,
  );
  assert.match(xhtml.body.errors[0].title, /^Error parsing xhtml/);

  const cql = await rejectsWith(v1.search.searchByCQL({ cql: 'space = = INT' }), 400);
  assert.equal(cql.body.statusCode, 400);
});

test('errors: a reader may view but not write (403), and sees no hidden space (404)', async () => {
  const page = await readerV2.page.getPageById({ id: Number(state.page.id) });
  assert.equal(page.id, state.page.id);
  await rejectsWith(
    readerV2.page.createPage({
      body: { spaceId: state.space.id, status: 'current', title: `Reader ${run}`, body: { representation: 'storage', value: '<p>x</p>' } },
    }),
    403,
  );
  const hidden = await adminV2.space.getSpaces({ keys: ['SECRET'] });
  await rejectsWith(readerV2.space.getSpaceById({ id: Number(hidden.results[0].id) }), 404);
});

test('the schema audit found nothing the Atlassian schemas do not describe', () => {
  // A SchemaMismatchError (a missing or mistyped field) fails the test that got it; undocumented keys
  // and enum values are only recorded, and checked here.
  const drift = globalThis[Symbol.for('apis-code-gen.schemaAudit')] ?? [];
  assert.deepEqual(drift, []);
});
