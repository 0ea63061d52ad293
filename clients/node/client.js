// A small Node.js client of vnnews: both services behind one object, with deadlines, the ingest
// token, read-your-writes (min_sequence) and async iterators over every page of a list.
//
// The service definitions are loaded from proto/ at run time by @grpc/proto-loader: nothing is
// generated into the tree. Field names are kept as in the .proto files (page_size, not
// pageSize); 64-bit numbers (sequence, min_sequence, counts) are decimal strings; enums are
// their names ('ARTICLE_VIEW_FULL').
//
//   const { VnnewsClient } = require('./client');
//   const client = new VnnewsClient({ ingest: 'localhost:50051', query: 'localhost:50052',
//                                     token: process.env.VNNEWS_INGEST_TOKEN });
//   const stored = await client.ingest(text, { source_uri: 'article.txt' });
//   for await (const r of client.results('byPerson', 'pham binh minh')) console.log(r.summary.id);
//   client.close();
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const DEFAULT_PROTO_DIR = process.env.VNNEWS_PROTO_DIR ||
    path.resolve(__dirname, '..', '..', 'proto');
// Room for a large article: the ingestor accepts up to 4 MiB of text by default.
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

// Loads vnnews.v1 from a proto/ directory; returns the grpc package object.
function loadVnnews(protoDir = DEFAULT_PROTO_DIR) {
  const definition = protoLoader.loadSync(
      ['vnnews/v1/ingest.proto', 'vnnews/v1/query.proto'], {
        includeDirs: [protoDir],
        keepCase: true,
        longs: String,
        enums: String,
        defaults: true,
        oneofs: true,
      });
  return grpc.loadPackageDefinition(definition).vnnews.v1;
}

// A failed call: the gRPC status code and the server's message, which names the field at fault
// ("page_size: must be between 0 and 1000, got -5").
class VnnewsError extends Error {
  constructor(method, grpcError) {
    const codeName = Object.keys(grpc.status).find((k) => grpc.status[k] === grpcError.code) ||
        String(grpcError.code);
    super(`${method}: ${codeName}: ${grpcError.details}`);
    this.name = 'VnnewsError';
    this.method = method;
    this.code = grpcError.code;
    this.codeName = codeName;
    this.details = grpcError.details;
  }
}

function maxSequence(a, b) {
  return BigInt(a) >= BigInt(b) ? String(a) : String(b);
}

class VnnewsClient {
  // options: ingest, query (host:port; either may be omitted), token (ingest token),
  // timeoutMs (deadline of each call, default 10000), readYourWrites (default true: queries
  // carry as min_sequence the highest sequence this client's writes reached).
  constructor({ ingest, query, token, timeoutMs = 10000, readYourWrites = true,
                protoDir } = {}) {
    const v1 = loadVnnews(protoDir);
    const options = {
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    };
    const creds = grpc.credentials.createInsecure();
    this.timeoutMs = timeoutMs;
    this.readYourWrites = readYourWrites;
    this.lastSequence = '0';
    this.token = token || '';
    this.ingestStub = ingest ? new v1.IngestService(ingest, creds, options) : null;
    this.queryStub = query ? new v1.QueryService(query, creds, options) : null;
  }

  close() {
    for (const stub of [this.ingestStub, this.queryStub]) if (stub) stub.close();
  }

  // Resolves once both channels are connected; rejects after timeoutMs.
  waitReady(timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    const stubs = [this.ingestStub, this.queryStub].filter(Boolean);
    return Promise.all(stubs.map((stub) => new Promise((resolve, reject) => {
      stub.waitForReady(deadline, (err) => (err ? reject(err) : resolve()));
    })));
  }

  metadata() {
    const md = new grpc.Metadata();
    if (this.token) md.set('authorization', `Bearer ${this.token}`);
    return md;
  }

  call(stub, method, request, { timeoutMs, metadata } = {}) {
    if (!stub) return Promise.reject(new Error(`${method}: no address for that service`));
    const deadline = new Date(Date.now() + (timeoutMs || this.timeoutMs));
    return new Promise((resolve, reject) => {
      stub[method](request, metadata || new grpc.Metadata(), { deadline }, (err, response) => {
        if (err) reject(new VnnewsError(method, err));
        else resolve(response);
      });
    });
  }

  minSequence(given) {
    if (given !== undefined && given !== null) return String(given);
    return this.readYourWrites ? this.lastSequence : '0';
  }

  noteSequence(sequence) {
    this.lastSequence = maxSequence(this.lastSequence, sequence || '0');
  }

  // --- IngestService ---------------------------------------------------------------------------

  // fields: id, source_uri, title, publication_date (YYYY-MM-DD).
  async ingest(text, fields = {}, callOptions = {}) {
    const response = await this.call(this.ingestStub, 'IngestArticle', { ...fields, text },
                                     { ...callOptions, metadata: this.metadata() });
    this.noteSequence(response.sequence);
    return response;
  }

  // Streams IngestArticleRequests ({text, ...}); resolves to one IngestArticlesResponse per
  // article, in order: a bad one carries error_code / error_message and does not stop the rest.
  ingestMany(requests, { timeoutMs } = {}) {
    if (!this.ingestStub) return Promise.reject(new Error('IngestArticles: no ingest address'));
    const deadline = new Date(Date.now() + (timeoutMs || this.timeoutMs));
    return new Promise((resolve, reject) => {
      const responses = [];
      const call = this.ingestStub.IngestArticles(this.metadata(), { deadline });
      call.on('data', (response) => {
        if (response.error_code === 0) this.noteSequence(response.result.sequence);
        responses.push(response);
      });
      call.on('error', (err) => reject(new VnnewsError('IngestArticles', err)));
      call.on('end', () => resolve(responses));
      for (const request of requests) call.write(request);
      call.end();
    });
  }

  async delete(id, callOptions = {}) {
    const response = await this.call(this.ingestStub, 'DeleteArticle', { id },
                                     { ...callOptions, metadata: this.metadata() });
    this.noteSequence(response.sequence);
    return response;
  }

  // --- QueryService ----------------------------------------------------------------------------
  // List options: page_size, page_token, full (ARTICLE_VIEW_FULL), min_sequence, timeoutMs.

  getArticle(id, { min_sequence, timeoutMs } = {}) {
    return this.call(this.queryStub, 'GetArticle',
                     { id, min_sequence: this.minSequence(min_sequence) }, { timeoutMs });
  }

  listArticles(opts = {}) {
    return this.call(this.queryStub, 'ListArticles', this.listRequest({}, opts), opts);
  }

  byPerson(name, opts = {}) {
    return this.call(this.queryStub, 'ListArticlesByPerson',
                     this.listRequest({ name, date_range: range(opts.from, opts.to) }, opts),
                     opts);
  }

  // Articles whose event date (any date they name, with anyMention) is in [from, to].
  byDate(from, to, opts = {}) {
    const field = opts.anyMention ? 'DATE_FIELD_ANY_MENTION' : 'DATE_FIELD_EVENT';
    return this.call(this.queryStub, 'ListArticlesByDate',
                     this.listRequest({ date_range: { from, to }, field }, opts), opts);
  }

  byTopic(topicId, opts = {}) {
    return this.call(this.queryStub, 'ListArticlesByTopic',
                     this.listRequest({ topic_id: topicId, date_range: range(opts.from, opts.to) },
                                      opts),
                     opts);
  }

  search(query, opts = {}) {
    return this.call(this.queryStub, 'SearchArticles', this.listRequest({ query }, opts), opts);
  }

  // fields: FacetField names, 'FACET_FIELD_TOPIC' or just 'TOPIC'.
  facets(fields, { limit = 0, min_sequence, timeoutMs } = {}) {
    const names = fields.map((f) => (f.startsWith('FACET_FIELD_') ? f :
                                     `FACET_FIELD_${f.toUpperCase()}`));
    return this.call(this.queryStub, 'GetFacets',
                     { fields: names, limit, min_sequence: this.minSequence(min_sequence) },
                     { timeoutMs });
  }

  async topics(opts = {}) {
    return (await this.call(this.queryStub, 'ListTopics', {}, opts)).topics;
  }

  listRequest(base, opts) {
    return {
      ...base,
      page_size: opts.page_size || 0,
      page_token: opts.page_token || '',
      view: opts.full ? 'ARTICLE_VIEW_FULL' : 'ARTICLE_VIEW_BASIC',
      min_sequence: this.minSequence(opts.min_sequence),
    };
  }

  // --- every page ------------------------------------------------------------------------------

  // Yields each page of a list method ('listArticles', 'byPerson', 'byDate', 'byTopic',
  // 'search'), following next_page_token until it is empty. args: the method's leading
  // arguments; opts: its options (page_size...).
  async* pages(method, ...argsAndOpts) {
    const last = argsAndOpts[argsAndOpts.length - 1];
    const hasOpts = last !== null && typeof last === 'object';
    const args = hasOpts ? argsAndOpts.slice(0, -1) : argsAndOpts;
    const opts = hasOpts ? { ...last } : {};
    for (;;) {
      const page = await this[method](...args, opts);
      yield page;
      if (!page.next_page_token) return;
      opts.page_token = page.next_page_token;
    }
  }

  // Yields every ArticleResult of a list method, across its pages.
  async* results(method, ...argsAndOpts) {
    for await (const page of this.pages(method, ...argsAndOpts)) yield* page.results;
  }
}

function range(from, to) {
  return from || to ? { from: from || '', to: to || '' } : null;
}

module.exports = { VnnewsClient, VnnewsError, loadVnnews, grpc };
