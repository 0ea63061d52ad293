#!/usr/bin/python3
"""End-to-end test of the Python client against the real `ingestor` and `query_service`.

Starts both binaries from $VNNEWS_BIN_DIR (default build/bin) on free ports over a fresh store
with an ingest token, then, as a user of vnnews_client would: ingests articles, reads one back
by id, person (as written and folded), date and topic, pages through a list one article at a
time, deletes, streams, and checks the errors a bad request gets.

Run: VNNEWS_BIN_DIR=build/bin /usr/bin/python3 clients/python/test_client.py -v
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.dirname(os.path.dirname(_HERE))
sys.path.insert(0, _HERE)
sys.path.insert(0, os.path.join(_REPO, 'tests', 'clients'))

import grpc  # pylint: disable=wrong-import-position

import vnnews_servers  # pylint: disable=wrong-import-position
from vnnews_client import VnnewsClient, VnnewsError, query_pb2  # pylint: disable=wrong-import-position

TOKEN = 'python-client-test-token'
with open(os.path.join(_REPO, 'tests', 'clients', 'fixtures', 'articles.json'),
          encoding='utf-8') as _f:
  ARTICLES = json.load(_f)['articles']


class ClientTest(unittest.TestCase):

  @classmethod
  def setUpClass(cls):
    cls.stack = vnnews_servers.Stack(token=TOKEN)
    cls.client = VnnewsClient(ingest=cls.stack.ingestor.address, query=cls.stack.query.address,
                              token=TOKEN, timeout=10.0)
    cls.client.wait_ready(timeout=10.0)
    cls.stored = {}
    for article in ARTICLES:
      response = cls.client.ingest(article['text'], source_uri='fixtures/%s.txt' % article['name'],
                                   publication_date=article['publication_date'])
      cls.stored[article['name']] = response

  @classmethod
  def tearDownClass(cls):
    cls.client.close()
    cls.stack.stop()

  def ids(self, results):
    return [r.summary.id for r in results]

  def fail_with_logs(self, message):
    self.fail('%s\n%s' % (message, self.stack.logs()))

  # --- reading an article back ----------------------------------------------------------------

  def test_ingest_answers_id_and_sequence(self):
    for name, response in self.stored.items():
      self.assertTrue(response.id, name)
      self.assertGreater(response.sequence, 0, name)
      self.assertTrue(response.created, name)
    self.assertEqual(len({r.id for r in self.stored.values()}), len(ARTICLES))

  def test_ingest_is_idempotent(self):
    first = ARTICLES[0]
    again = self.client.ingest(first['text'], source_uri='fixtures/%s.txt' % first['name'],
                               publication_date=first['publication_date'])
    self.assertEqual(again.id, self.stored[first['name']].id)
    self.assertFalse(again.created)

  def test_get_article_reads_own_write(self):
    article = ARTICLES[0]
    stored = self.stored[article['name']]
    record = self.client.get_article(stored.id, min_sequence=stored.sequence)
    self.assertEqual(record.id, stored.id)
    self.assertEqual(record.source_uri, 'fixtures/%s.txt' % article['name'])
    self.assertEqual(record.publication_date, article['publication_date'])
    self.assertIn('Nguyễn Kim Sơn', record.body)
    self.assertTrue(record.title)
    names = [p.name for p in record.persons]
    self.assertIn(article['expect']['person'], names)

  def test_by_person_as_written_and_folded(self):
    for article in ARTICLES:
      want = self.stored[article['name']].id
      for name in (article['expect']['person'], article['expect']['person_folded'],
                   article['expect']['person'].upper()):
        with self.subTest(name=name):
          ids = self.ids(self.client.iter_by_person(name, page_size=10))
          self.assertIn(want, ids)

  def test_by_person_part_of_name(self):
    want = self.stored['education'].id
    self.assertIn(want, self.ids(self.client.iter_by_person('Kim Sơn')))

  def test_by_person_unknown_is_empty(self):
    page = self.client.by_person('Nguyễn Văn Không Có')
    self.assertEqual(list(page.results), [])
    self.assertEqual(page.next_page_token, '')

  def test_by_date(self):
    for article in ARTICLES:
      day = article['expect']['date']
      with self.subTest(article=article['name'], day=day):
        page = self.client.by_date(day, day)
        self.assertIn(self.stored[article['name']].id, self.ids(page.results))
        result = next(r for r in page.results if r.summary.id == self.stored[article['name']].id)
        self.assertEqual(result.summary.event_date.first_day, int(day.replace('-', '')))
    # A month: the education article (12 March) and the football match (26 March).
    march = self.ids(self.client.iter_by_date('2024-03', '2024-03'))
    self.assertCountEqual(march, [self.stored['education'].id, self.stored['football'].id])

  def test_by_date_outside_range_is_empty(self):
    self.assertEqual(list(self.client.by_date('1999-01-01', '1999-12-31').results), [])

  def test_by_topic(self):
    for article in ARTICLES:
      topic = article['expect']['topic']
      with self.subTest(article=article['name'], topic=topic):
        self.assertIn(topic, list(self.stored[article['name']].topic_ids))
        self.assertIn(self.stored[article['name']].id,
                      self.ids(self.client.iter_by_topic(topic)))

  def test_full_view_carries_the_record(self):
    page = self.client.by_person(ARTICLES[0]['expect']['person_folded'], full=True)
    self.assertTrue(page.results)
    for result in page.results:
      self.assertEqual(result.article.id, result.summary.id)
      self.assertTrue(result.article.body)

  def test_topics_have_labels(self):
    topics = {t.id: t.label for t in self.client.topics()}
    for article in ARTICLES:
      self.assertIn(article['expect']['topic'], topics)
      self.assertTrue(topics[article['expect']['topic']])

  def test_facets_count_the_store(self):
    answer = self.client.facets(['TOPIC', 'YEAR'], limit=50)
    self.assertGreaterEqual(answer.total_articles, len(ARTICLES))
    self.assertEqual([f.field for f in answer.facets],
                     [query_pb2.FACET_FIELD_TOPIC, query_pb2.FACET_FIELD_YEAR])
    years = {c.value: c.count for c in answer.facets[1].counts}
    self.assertGreaterEqual(years.get('2024', 0), len(ARTICLES))

  def test_search(self):
    ids = self.ids(self.client.iter_results(self.client.search, 'hoc bong sinh vien'))
    self.assertIn(self.stored['education'].id, ids)
    self.assertNotIn(self.stored['court'].id, ids)

  # --- pages ----------------------------------------------------------------------------------

  def test_pages_of_one(self):
    everything = self.client.list_articles(page_size=1000)
    self.assertEqual(everything.next_page_token, '')
    want = self.ids(everything.results)
    self.assertGreaterEqual(len(want), len(ARTICLES))
    seen = []
    pages = 0
    for page in self.client.iter_pages(self.client.list_articles, page_size=1):
      pages += 1
      self.assertEqual(len(page.results), 1, 'page %d' % pages)
      seen += self.ids(page.results)
      self.assertLessEqual(pages, len(want), 'more pages than articles: tokens loop')
    self.assertEqual(seen, want, 'pages of one give the same articles in the same order')
    self.assertEqual(pages, len(want))

  def test_pages_by_date_follow_tokens(self):
    # Two articles in 2024-03, one per page: a token, then the last page with none.
    first = self.client.by_date('2024-03-01', '2024-03-31', page_size=1)
    self.assertEqual(len(first.results), 1)
    self.assertTrue(first.next_page_token)
    second = self.client.by_date('2024-03-01', '2024-03-31', page_size=1,
                                 page_token=first.next_page_token)
    self.assertEqual(len(second.results), 1)
    self.assertEqual(second.next_page_token, '')
    self.assertNotEqual(first.results[0].summary.id, second.results[0].summary.id)
    # Newest first: the football match (26 March) before the education article (12 March).
    self.assertEqual(first.results[0].summary.id, self.stored['football'].id)

  # --- errors a user sees ---------------------------------------------------------------------

  def assert_error(self, call, code, field):
    with self.assertRaises(VnnewsError) as caught:
      call()
    self.assertEqual(caught.exception.code, code, str(caught.exception))
    self.assertIn(field, caught.exception.details, 'the message must name the field')
    return caught.exception

  def test_negative_page_size_is_invalid_argument(self):
    error = self.assert_error(lambda: self.client.list_articles(page_size=-5),
                              grpc.StatusCode.INVALID_ARGUMENT, 'page_size')
    self.assertIn('-5', error.details)
    self.assertIn('page_size', str(error))

  def test_empty_text_is_invalid_argument(self):
    self.assert_error(lambda: self.client.ingest(''), grpc.StatusCode.INVALID_ARGUMENT, 'text')

  def test_unknown_topic_is_invalid_argument(self):
    self.assert_error(lambda: self.client.by_topic('no_such_topic'),
                      grpc.StatusCode.INVALID_ARGUMENT, 'topic_id')

  def test_bad_date_is_invalid_argument(self):
    self.assert_error(lambda: self.client.by_date('2024-13-45', '2024-12-31'),
                      grpc.StatusCode.INVALID_ARGUMENT, 'date_range')

  def test_forged_page_token_is_invalid_argument(self):
    self.assert_error(lambda: self.client.list_articles(page_token='bm90IGEgdG9rZW4'),
                      grpc.StatusCode.INVALID_ARGUMENT, 'page_token')

  def test_unknown_id_is_not_found(self):
    self.assert_error(lambda: self.client.get_article('no-such-article'),
                      grpc.StatusCode.NOT_FOUND, 'no-such-article')

  def test_wrong_token_is_unauthenticated(self):
    with VnnewsClient(ingest=self.stack.ingestor.address, token='wrong') as intruder:
      with self.assertRaises(VnnewsError) as caught:
        intruder.ingest('Hà Nội, ngày 1/1/2024 - Một bài báo.')
      self.assertEqual(caught.exception.code, grpc.StatusCode.UNAUTHENTICATED)
    with VnnewsClient(ingest=self.stack.ingestor.address) as anonymous:
      with self.assertRaises(VnnewsError) as caught:
        anonymous.delete(self.stored['court'].id)
      self.assertEqual(caught.exception.code, grpc.StatusCode.UNAUTHENTICATED)
    self.client.get_article(self.stored['court'].id)  # still there

  # --- writes ---------------------------------------------------------------------------------

  def test_stream_ingest_reports_each_article(self):
    text = ('Hội nghị nông nghiệp tại Cần Thơ\n\nNgày 5/5/2024, Bộ trưởng Bộ Nông nghiệp và Phát '
            'triển nông thôn Lê Minh Hoan dự hội nghị về sản xuất lúa gạo tại Cần Thơ.\n')
    responses = self.client.ingest_many([{'text': text, 'source_uri': 'stream/1.txt'},
                                         {'text': ''}])
    self.assertEqual([r.index for r in responses], [0, 1])
    self.assertEqual(responses[0].error_code, 0, responses[0].error_message)
    self.assertTrue(responses[0].result.id)
    self.assertEqual(responses[1].error_code, grpc.StatusCode.INVALID_ARGUMENT.value[0])
    self.assertIn('text', responses[1].error_message)
    # read-your-writes: the client passes the stream's sequence as min_sequence.
    self.assertIn(responses[0].result.id, self.ids(self.client.iter_by_person('le minh hoan')))

  def test_delete(self):
    text = ('Khánh thành cầu mới tại Cần Thơ\n\nSáng 20/6/2024, Phó Thủ tướng Trần Hồng Hà dự lễ '
            'khánh thành cây cầu mới nối hai quận của thành phố Cần Thơ.\n')
    stored = self.client.ingest(text, source_uri='delete-me.txt')
    self.assertIn(stored.id, self.ids(self.client.iter_by_person('tran hong ha')))
    deleted = self.client.delete(stored.id)
    self.assertEqual(deleted.id, stored.id)
    self.assertGreater(deleted.sequence, stored.sequence)
    self.assert_error(lambda: self.client.get_article(stored.id), grpc.StatusCode.NOT_FOUND,
                      stored.id)
    self.assertNotIn(stored.id, self.ids(self.client.iter_by_person('tran hong ha')))
    self.assertIn(self.stored['storm'].id, self.ids(self.client.iter_by_person('tran hong ha')))
    self.assert_error(lambda: self.client.delete(stored.id), grpc.StatusCode.NOT_FOUND,
                      stored.id)

  # --- the example script ---------------------------------------------------------------------

  def test_example_script(self):
    article = ARTICLES[1]
    with tempfile.NamedTemporaryFile('w', suffix='.txt', encoding='utf-8', delete=False) as f:
      f.write(article['text'])
    try:
      proc = subprocess.run(
          [sys.executable, os.path.join(_HERE, 'example.py'), '--ingest',
           self.stack.ingestor.address, '--query', self.stack.query.address, '--token', TOKEN,
           '--publication-date', article['publication_date'], f.name],
          capture_output=True, text=True, timeout=60)
    finally:
      os.unlink(f.name)
    self.assertEqual(proc.returncode, 0, proc.stderr)
    self.assertIn('stored %s (' % self.stored[article['name']].id, proc.stdout)
    self.assertIn('person:  %s' % article['expect']['person'], proc.stdout)
    self.assertIn('articles naming %s: ' % article['expect']['person'], proc.stdout)
    self.assertIn('articles about ', proc.stdout)


if __name__ == '__main__':
  unittest.main()
