#!/usr/bin/env node
// Ingests one article file and reads its record back through the query service.
//
//   node clients/node/example.js --ingest localhost:50051 --query localhost:50052 \
//       [--token T] [--publication-date 2020-06-01] seeds/000_c3244db55ca1ddb1.txt
//
// The token defaults to $VNNEWS_INGEST_TOKEN.
'use strict';

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { VnnewsClient } = require('./client');

async function main() {
  const { values, positionals } = parseArgs({
    options: {
      ingest: { type: 'string', default: 'localhost:50051' },
      query: { type: 'string', default: 'localhost:50052' },
      token: { type: 'string', default: process.env.VNNEWS_INGEST_TOKEN || '' },
      'publication-date': { type: 'string', default: '' },
      timeout: { type: 'string', default: '10' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    console.error('usage: example.js --ingest HOST:PORT --query HOST:PORT [--token T] FILE');
    return 2;
  }
  const file = positionals[0];
  const text = fs.readFileSync(file, 'utf8');
  const client = new VnnewsClient({ ingest: values.ingest, query: values.query,
                                    token: values.token,
                                    timeoutMs: Number(values.timeout) * 1000 });
  try {
    const stored = await client.ingest(text, { source_uri: file,
                                               publication_date: values['publication-date'] });
    console.log(`stored ${stored.id} (${stored.created ? 'new' : 'unchanged'}) at sequence ` +
                `${stored.sequence}`);
    // read-your-writes: the client passes the sequence above as min_sequence.
    const article = await client.getArticle(stored.id);
    console.log(`title:   ${article.title}`);
    if (article.event_date) {
      console.log(`event:   ${article.event_date.inferred_value || article.event_date.value}`);
    }
    for (const p of article.persons) {
      console.log(`person:  ${p.name}${p.roles.length ? ` (${p.roles.join(', ')})` : ''}`);
    }
    for (const d of article.dates) {
      console.log(`date:    ${d.inferred_value || d.value}  "${d.span ? d.span.text : ''}"`);
    }
    for (const t of article.topics) {
      console.log(`topic:   ${t.id} (${t.label}) ${t.score.toFixed(2)}`);
    }
    if (article.persons.length) {
      const name = article.persons[0].name;
      const hits = [];
      for await (const r of client.results('byPerson', name, { page_size: 20 })) {
        hits.push(r.summary.id);
      }
      console.log(`articles naming ${name}: ${hits.join(', ')}`);
    }
    if (article.topics.length) {
      const topic = article.topics[0].id;
      const hits = [];
      for await (const r of client.results('byTopic', topic, { page_size: 20 })) {
        hits.push(r.summary.id);
      }
      console.log(`articles about ${topic}: ${hits.join(', ')}`);
    }
    return 0;
  } catch (err) {
    console.error(`error: ${err.message}`);
    return 1;
  } finally {
    client.close();
  }
}

main().then((code) => { process.exitCode = code; });
