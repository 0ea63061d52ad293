// End-to-end test of the Node client against the real `ingestor` and `query_service`, started
// from $VNNEWS_BIN_DIR (default build/bin) on free ports over a fresh store with a token.
// Run: cd clients/node && npm ci && VNNEWS_BIN_DIR=../../build/bin node --test test/client.test.js
'use strict';

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');

const { VnnewsClient, VnnewsError, grpc } = require('../client');
const { startStack, REPO } = require('./servers');

const TOKEN = 'node-client-test-token';
const ARTICLES = JSON.parse(fs.readFileSync(
    path.join(REPO, 'tests', 'clients', 'fixtures', 'articles.json'), 'utf8')).articles;

async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const ids = (results) => results.map((r) => r.summary.id);

async function assertError(promise, code, field) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof VnnewsError, `want a VnnewsError, got ${err}`);
    assert.equal(err.code, code, err.message);
    assert.ok(err.details.includes(field), `the message must name ${field}: ${err.message}`);
    return true;
  });
}

describe('vnnews node client, end to end', () => {
  let stack;
  let client;
  const stored = {};

  before(async () => {
    stack = await startStack({ token: TOKEN });
    client = new VnnewsClient({ ingest: stack.ingestor.address, query: stack.query.address,
                                token: TOKEN, timeoutMs: 10000 });
    await client.waitReady(10000);
    for (const article of ARTICLES) {
      stored[article.name] = await client.ingest(article.text, {
        source_uri: `fixtures/${article.name}.txt`, publication_date: article.publication_date });
    }
  });

  after(async () => {
    if (client) client.close();
    if (stack) await stack.stop();
  });

  test('ingest answers an id and a sequence', () => {
    for (const article of ARTICLES) {
      const response = stored[article.name];
      assert.ok(response.id, article.name);
      assert.ok(BigInt(response.sequence) > 0n, article.name);
      assert.equal(response.created, true, article.name);
    }
    assert.equal(new Set(Object.values(stored).map((r) => r.id)).size, ARTICLES.length);
  });

  test('reads its own write by id', async () => {
    const article = ARTICLES[0];
    const response = stored[article.name];
    const record = await client.getArticle(response.id, { min_sequence: response.sequence });
    assert.equal(record.id, response.id);
    assert.equal(record.source_uri, `fixtures/${article.name}.txt`);
    assert.equal(record.publication_date, article.publication_date);
    assert.ok(record.body.includes('Nguyễn Kim Sơn'));
    assert.ok(record.persons.map((p) => p.name).includes(article.expect.person));
  });

  test('by person, as written, folded and in capitals', async () => {
    for (const article of ARTICLES) {
      for (const name of [article.expect.person, article.expect.person_folded,
                          article.expect.person.toUpperCase()]) {
        const found = ids(await collect(client.results('byPerson', name, { page_size: 10 })));
        assert.ok(found.includes(stored[article.name].id), `${name}: ${found}`);
      }
    }
  });

  test('by date', async () => {
    for (const article of ARTICLES) {
      const day = article.expect.date;
      const page = await client.byDate(day, day);
      const result = page.results.find((r) => r.summary.id === stored[article.name].id);
      assert.ok(result, `${article.name} on ${day}: ${ids(page.results)}`);
      assert.equal(result.summary.event_date.first_day, Number(day.replaceAll('-', '')));
    }
    const march = ids(await collect(client.results('byDate', '2024-03', '2024-03', {})));
    assert.deepEqual(march.sort(), [stored.education.id, stored.football.id].sort());
  });

  test('by topic', async () => {
    for (const article of ARTICLES) {
      const topic = article.expect.topic;
      assert.ok(stored[article.name].topic_ids.includes(topic),
                `${article.name}: ${stored[article.name].topic_ids}`);
      const found = ids(await collect(client.results('byTopic', topic, {})));
      assert.ok(found.includes(stored[article.name].id), `${topic}: ${found}`);
    }
  });

  test('pages of one, following the tokens', async () => {
    const everything = await client.listArticles({ page_size: 1000 });
    assert.equal(everything.next_page_token, '');
    const want = ids(everything.results);
    assert.ok(want.length >= ARTICLES.length);
    const seen = [];
    let pages = 0;
    for await (const page of client.pages('listArticles', { page_size: 1 })) {
      pages += 1;
      assert.equal(page.results.length, 1, `page ${pages}`);
      seen.push(...ids(page.results));
      assert.ok(pages <= want.length, 'more pages than articles: tokens loop');
    }
    assert.deepEqual(seen, want);

    const first = await client.byDate('2024-03-01', '2024-03-31', { page_size: 1 });
    assert.ok(first.next_page_token);
    const second = await client.byDate('2024-03-01', '2024-03-31',
                                       { page_size: 1, page_token: first.next_page_token });
    assert.equal(second.next_page_token, '');
    assert.deepEqual([ids(first.results)[0], ids(second.results)[0]],
                     [stored.football.id, stored.education.id]);
  });

  test('topics and facets', async () => {
    const topics = await client.topics();
    const labels = Object.fromEntries(topics.map((t) => [t.id, t.label]));
    for (const article of ARTICLES) assert.ok(labels[article.expect.topic], article.expect.topic);
    const facets = await client.facets(['TOPIC', 'YEAR'], { limit: 50 });
    assert.ok(BigInt(facets.total_articles) >= BigInt(ARTICLES.length));
    assert.deepEqual(facets.facets.map((f) => f.field), ['FACET_FIELD_TOPIC', 'FACET_FIELD_YEAR']);
  });

  test('a bad request gets a clear error', async () => {
    await assertError(client.listArticles({ page_size: -5 }), grpc.status.INVALID_ARGUMENT,
                      'page_size');
    await assertError(client.ingest(''), grpc.status.INVALID_ARGUMENT, 'text');
    await assertError(client.byTopic('no_such_topic'), grpc.status.INVALID_ARGUMENT, 'topic_id');
    await assertError(client.byDate('2024-13-45', '2024-12-31'), grpc.status.INVALID_ARGUMENT,
                      'date_range');
    await assertError(client.listArticles({ page_token: 'bm90IGEgdG9rZW4' }),
                      grpc.status.INVALID_ARGUMENT, 'page_token');
    await assertError(client.getArticle('no-such-article'), grpc.status.NOT_FOUND,
                      'no-such-article');
    const err = await client.listArticles({ page_size: -5 }).catch((e) => e);
    assert.match(err.message, /^ListArticles: INVALID_ARGUMENT: page_size: .*-5/);
  });

  test('a wrong token is refused', async () => {
    const intruder = new VnnewsClient({ ingest: stack.ingestor.address, token: 'wrong' });
    try {
      await assert.rejects(intruder.ingest('Hà Nội, ngày 1/1/2024 - Một bài báo.'),
                           (e) => e.code === grpc.status.UNAUTHENTICATED);
    } finally {
      intruder.close();
    }
  });

  test('stream ingest reports each article, and delete removes one', async () => {
    const text = 'Khánh thành cầu mới tại Cần Thơ\n\nSáng 20/6/2024, Phó Thủ tướng Trần Hồng Hà ' +
        'dự lễ khánh thành cây cầu mới nối hai quận của thành phố Cần Thơ.\n';
    const responses = await client.ingestMany([{ text, source_uri: 'stream/1.txt' }, { text: '' }]);
    assert.deepEqual(responses.map((r) => r.index), [0, 1]);
    assert.equal(responses[0].error_code, 0, responses[0].error_message);
    assert.equal(responses[1].error_code, grpc.status.INVALID_ARGUMENT);
    assert.ok(responses[1].error_message.includes('text'), responses[1].error_message);
    const id = responses[0].result.id;
    assert.ok(ids(await collect(client.results('byPerson', 'tran hong ha', {}))).includes(id));
    const deleted = await client.delete(id);
    assert.equal(deleted.id, id);
    await assertError(client.getArticle(id), grpc.status.NOT_FOUND, id);
    const remaining = ids(await collect(client.results('byPerson', 'tran hong ha', {})));
    assert.ok(!remaining.includes(id));
    assert.ok(remaining.includes(stored.storm.id));
  });

  test('the example script ingests a file and reads it back', async () => {
    const article = ARTICLES[1];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vnnews-example-')), 'a.txt');
    fs.writeFileSync(file, article.text);
    const { code, stdout, stderr } = await new Promise((resolve) => {
      execFile(process.execPath, [
        path.join(__dirname, '..', 'example.js'), '--ingest', stack.ingestor.address,
        '--query', stack.query.address, '--token', TOKEN,
        '--publication-date', article.publication_date, file,
      ], { timeout: 60000 }, (err, out, errOut) => resolve({
        code: err ? err.code : 0, stdout: out, stderr: errOut }));
    });
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    assert.equal(code, 0, stderr);
    assert.ok(stdout.includes(`stored ${stored[article.name].id} (`), stdout);
    assert.ok(stdout.includes(`person:  ${article.expect.person}`), stdout);
    assert.ok(stdout.includes(`articles naming ${article.expect.person}: `), stdout);
  });
});
