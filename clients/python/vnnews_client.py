"""A small Python client of vnnews: both services behind one object, with deadlines, the ingest
token, read-your-writes (min_sequence) and an iterator over every page of a list.

Stubs are generated from proto/ into clients/python/gen/ (by generate.sh, run here on first use
when they are missing or older than the .proto files); they are never checked in.
Needs Debian's python3-grpcio and python3-protobuf: run with /usr/bin/python3.

    from vnnews_client import VnnewsClient
    with VnnewsClient(ingest='localhost:50051', query='localhost:50052', token='s3cret') as c:
        stored = c.ingest(open('article.txt').read(), source_uri='article.txt')
        for result in c.iter_by_person('pham binh minh'):
            print(result.summary.id, result.summary.title)
"""

import glob
import os
import subprocess
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.dirname(os.path.dirname(_HERE))
GEN_DIR = os.environ.get('VNNEWS_PY_GEN_DIR') or os.path.join(_HERE, 'gen')


def _ensure_stubs():
  """Generates the stubs when missing or older than a .proto file."""
  protos = glob.glob(os.path.join(_REPO, 'proto', 'vnnews', 'v1', '*.proto'))
  marker = os.path.join(GEN_DIR, 'vnnews', 'v1', 'query_pb2_grpc.py')
  newest = max(os.path.getmtime(p) for p in protos) if protos else 0
  if not os.path.exists(marker) or os.path.getmtime(marker) < newest:
    proc = subprocess.run([os.path.join(_HERE, 'generate.sh'), GEN_DIR], capture_output=True,
                          text=True, timeout=120)
    if proc.returncode != 0:
      raise RuntimeError('generating the stubs failed: %s' % proc.stderr.strip())
  if GEN_DIR not in sys.path:
    sys.path.insert(0, GEN_DIR)


_ensure_stubs()

# pylint: disable=wrong-import-position
import grpc
from vnnews.v1 import article_pb2  # noqa: E402  (re-exported for callers)
from vnnews.v1 import ingest_pb2
from vnnews.v1 import ingest_pb2_grpc
from vnnews.v1 import query_pb2
from vnnews.v1 import query_pb2_grpc
# pylint: enable=wrong-import-position

__all__ = ['VnnewsClient', 'VnnewsError', 'article_pb2', 'ingest_pb2', 'query_pb2']

# Room for a large article: the ingestor accepts up to 4 MiB of text by default.
_MAX_MESSAGE_BYTES = 16 * 1024 * 1024


class VnnewsError(Exception):
  """A call that failed: the gRPC status code and the server's message (which names the field at
  fault, e.g. "page_size: must be between 0 and 1000, got -5")."""

  def __init__(self, method, code, details):
    super().__init__('%s: %s: %s' % (method, code.name, details))
    self.method = method
    self.code = code
    self.details = details


class VnnewsClient:
  """Both services of vnnews. Either address may be None when only the other service is used.

  Every call has a deadline (`timeout` seconds unless the call gives its own). When
  `read_your_writes` is true, queries carry the highest sequence number this client's writes
  reached as `min_sequence`, so they see those writes even though the query service reads a
  secondary copy of the store that trails the ingestor by up to ~100 ms.
  """

  def __init__(self, ingest=None, query=None, token=None, timeout=10.0, read_your_writes=True):
    options = [('grpc.max_send_message_length', _MAX_MESSAGE_BYTES),
               ('grpc.max_receive_message_length', _MAX_MESSAGE_BYTES)]
    self.timeout = timeout
    self.read_your_writes = read_your_writes
    # The highest sequence number a write of this client answered.
    self.last_sequence = 0
    self._metadata = [('authorization', 'Bearer ' + token)] if token else []
    self._ingest_channel = grpc.insecure_channel(ingest, options=options) if ingest else None
    self._query_channel = grpc.insecure_channel(query, options=options) if query else None
    self._ingest = (ingest_pb2_grpc.IngestServiceStub(self._ingest_channel)
                    if self._ingest_channel else None)
    self._query = (query_pb2_grpc.QueryServiceStub(self._query_channel)
                   if self._query_channel else None)

  def __enter__(self):
    return self

  def __exit__(self, *exc):
    self.close()

  def close(self):
    for channel in (self._ingest_channel, self._query_channel):
      if channel is not None:
        channel.close()

  def wait_ready(self, timeout=10.0):
    """Blocks until both channels are connected; raises grpc.FutureTimeoutError otherwise."""
    for channel in (self._ingest_channel, self._query_channel):
      if channel is not None:
        grpc.channel_ready_future(channel).result(timeout=timeout)

  # --- plumbing -------------------------------------------------------------------------------

  def _call(self, stub, method, request, timeout, metadata=()):
    if stub is None:
      raise ValueError('%s: this client has no address for that service' % method)
    try:
      return getattr(stub, method)(request, timeout=timeout or self.timeout,
                                   metadata=list(metadata))
    except grpc.RpcError as e:
      raise VnnewsError(method, e.code(), e.details()) from None

  def _note_sequence(self, sequence):
    self.last_sequence = max(self.last_sequence, sequence)

  def _min_sequence(self, min_sequence):
    if min_sequence is not None:
      return min_sequence
    return self.last_sequence if self.read_your_writes else 0

  # --- IngestService --------------------------------------------------------------------------

  def ingest(self, text, id='', source_uri='', title='', publication_date='',  # pylint: disable=redefined-builtin
             timeout=None):
    """Stores one article; returns the IngestArticleResponse (id, sequence, created...)."""
    request = ingest_pb2.IngestArticleRequest(text=text, id=id, source_uri=source_uri,
                                              title=title, publication_date=publication_date)
    response = self._call(self._ingest, 'IngestArticle', request, timeout, self._metadata)
    self._note_sequence(response.sequence)
    return response

  def ingest_many(self, requests, timeout=None):
    """Streams IngestArticleRequests (or dicts of their fields); returns the list of
    IngestArticlesResponse, one per article in order: a bad article has its own error_code and
    error_message and does not stop the others."""
    messages = [r if isinstance(r, ingest_pb2.IngestArticleRequest)
                else ingest_pb2.IngestArticleRequest(**r) for r in requests]
    if self._ingest is None:
      raise ValueError('IngestArticles: this client has no ingest address')
    try:
      responses = list(self._ingest.IngestArticles(iter(messages), timeout=timeout or self.timeout,
                                                   metadata=self._metadata))
    except grpc.RpcError as e:
      raise VnnewsError('IngestArticles', e.code(), e.details()) from None
    for response in responses:
      if response.error_code == 0:
        self._note_sequence(response.result.sequence)
    return responses

  def delete(self, article_id, timeout=None):
    response = self._call(self._ingest, 'DeleteArticle',
                          ingest_pb2.DeleteArticleRequest(id=article_id), timeout, self._metadata)
    self._note_sequence(response.sequence)
    return response

  # --- QueryService ---------------------------------------------------------------------------

  def get_article(self, article_id, min_sequence=None, timeout=None):
    request = query_pb2.GetArticleRequest(id=article_id,
                                          min_sequence=self._min_sequence(min_sequence))
    return self._call(self._query, 'GetArticle', request, timeout)

  def list_articles(self, page_size=0, page_token='', full=False, min_sequence=None,
                    timeout=None):
    request = query_pb2.ListArticlesRequest(page_size=page_size, page_token=page_token,
                                            view=_view(full),
                                            min_sequence=self._min_sequence(min_sequence))
    return self._call(self._query, 'ListArticles', request, timeout)

  def by_person(self, name, date_from='', date_to='', page_size=0, page_token='', full=False,
                min_sequence=None, timeout=None):
    request = query_pb2.ListArticlesByPersonRequest(
        name=name, date_range=_range(date_from, date_to), page_size=page_size,
        page_token=page_token, view=_view(full), min_sequence=self._min_sequence(min_sequence))
    return self._call(self._query, 'ListArticlesByPerson', request, timeout)

  def by_date(self, date_from, date_to, any_mention=False, page_size=0, page_token='',
              full=False, min_sequence=None, timeout=None):
    """Articles whose event date (any date they name, with any_mention) is in [from, to]."""
    field = query_pb2.DATE_FIELD_ANY_MENTION if any_mention else query_pb2.DATE_FIELD_EVENT
    request = query_pb2.ListArticlesByDateRequest(
        date_range=_range(date_from, date_to), field=field, page_size=page_size,
        page_token=page_token, view=_view(full), min_sequence=self._min_sequence(min_sequence))
    return self._call(self._query, 'ListArticlesByDate', request, timeout)

  def by_topic(self, topic_id, date_from='', date_to='', page_size=0, page_token='', full=False,
               min_sequence=None, timeout=None):
    request = query_pb2.ListArticlesByTopicRequest(
        topic_id=topic_id, date_range=_range(date_from, date_to), page_size=page_size,
        page_token=page_token, view=_view(full), min_sequence=self._min_sequence(min_sequence))
    return self._call(self._query, 'ListArticlesByTopic', request, timeout)

  def search(self, query, page_size=0, page_token='', full=False, min_sequence=None,
             timeout=None):
    request = query_pb2.SearchArticlesRequest(query=query, page_size=page_size,
                                              page_token=page_token, view=_view(full),
                                              min_sequence=self._min_sequence(min_sequence))
    return self._call(self._query, 'SearchArticles', request, timeout)

  def facets(self, fields, limit=0, min_sequence=None, timeout=None):
    """fields: FacetField values or their names ('FACET_FIELD_TOPIC' or just 'TOPIC')."""
    values = [query_pb2.FacetField.Value(f if f.startswith('FACET_FIELD_') else
                                         'FACET_FIELD_' + f.upper())
              if isinstance(f, str) else f for f in fields]
    request = query_pb2.GetFacetsRequest(fields=values, limit=limit,
                                         min_sequence=self._min_sequence(min_sequence))
    return self._call(self._query, 'GetFacets', request, timeout)

  def topics(self, timeout=None):
    return self._call(self._query, 'ListTopics', query_pb2.ListTopicsRequest(), timeout).topics

  # --- every page -----------------------------------------------------------------------------

  def iter_pages(self, list_method, *args, **kwargs):
    """Yields each page (the response) of a list method (e.g. self.by_person), following
    next_page_token until it is empty."""
    token = kwargs.pop('page_token', '')
    while True:
      page = list_method(*args, page_token=token, **kwargs)
      yield page
      token = page.next_page_token
      if not token:
        return

  def iter_results(self, list_method, *args, **kwargs):
    """Yields every ArticleResult of a list method, across all its pages."""
    for page in self.iter_pages(list_method, *args, **kwargs):
      yield from page.results

  def iter_by_person(self, name, **kwargs):
    return self.iter_results(self.by_person, name, **kwargs)

  def iter_by_date(self, date_from, date_to, **kwargs):
    return self.iter_results(self.by_date, date_from, date_to, **kwargs)

  def iter_by_topic(self, topic_id, **kwargs):
    return self.iter_results(self.by_topic, topic_id, **kwargs)

  def iter_articles(self, **kwargs):
    return self.iter_results(self.list_articles, **kwargs)


def _view(full):
  return query_pb2.ARTICLE_VIEW_FULL if full else query_pb2.ARTICLE_VIEW_BASIC


def _range(date_from, date_to):
  if not date_from and not date_to:
    return None
  return query_pb2.DateRange(**{'from': date_from, 'to': date_to})
