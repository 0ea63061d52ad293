#!/usr/bin/python3
"""Ingests one article file and reads its record back through the query service.

    /usr/bin/python3 clients/python/example.py --ingest localhost:50051 --query localhost:50052 \
        [--token T] [--publication-date 2020-06-01] seeds/000_c3244db55ca1ddb1.txt

The token defaults to $VNNEWS_INGEST_TOKEN. Prints the stored id, the persons, dates and topics
extracted, then the articles naming the first person, those of the event's date and those of
the first topic (every page of each).
"""

import argparse
import os
import sys

from vnnews_client import VnnewsClient, VnnewsError


def main():
  parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
  parser.add_argument('--ingest', default='localhost:50051', help='ingestor host:port')
  parser.add_argument('--query', default='localhost:50052', help='query service host:port')
  parser.add_argument('--token', default=os.environ.get('VNNEWS_INGEST_TOKEN', ''),
                      help='ingest token (default: $VNNEWS_INGEST_TOKEN)')
  parser.add_argument('--publication-date', default='', help='YYYY-MM-DD, when known')
  parser.add_argument('--timeout', type=float, default=10.0, help='deadline of each call, s')
  parser.add_argument('file', help='the article, UTF-8 text')
  args = parser.parse_args()

  with open(args.file, encoding='utf-8') as f:
    text = f.read()
  with VnnewsClient(ingest=args.ingest, query=args.query, token=args.token or None,
                    timeout=args.timeout) as client:
    try:
      stored = client.ingest(text, source_uri=args.file, publication_date=args.publication_date)
      print('stored %s (%s) at sequence %d' %
            (stored.id, 'new' if stored.created else 'unchanged', stored.sequence))
      # read-your-writes: the client passes the sequence above as min_sequence.
      article = client.get_article(stored.id)
      print('title:   %s' % article.title)
      if article.HasField('event_date'):
        print('event:   %s' % (article.event_date.inferred_value or article.event_date.value))
      for person in article.persons:
        roles = ', '.join(person.roles)
        print('person:  %s%s' % (person.name, ' (%s)' % roles if roles else ''))
      for date in article.dates:
        print('date:    %s  "%s"' % (date.inferred_value or date.value, date.span.text))
      for topic in article.topics:
        print('topic:   %s (%s) %.2f' % (topic.id, topic.label, topic.score))

      if article.persons:
        name = article.persons[0].name
        hits = [r.summary.id for r in client.iter_by_person(name, page_size=20)]
        print('articles naming %s: %s' % (name, ', '.join(hits)))
      day = article.event_date.first_day if article.HasField('event_date') else 0
      if day:
        iso = '%04d-%02d-%02d' % (day // 10000, day // 100 % 100, day % 100)
        hits = [r.summary.id for r in client.iter_by_date(iso, iso, page_size=20)]
        print('articles of %s: %s' % (iso, ', '.join(hits)))
      if article.topics:
        topic = article.topics[0].id
        hits = [r.summary.id for r in client.iter_by_topic(topic, page_size=20)]
        print('articles about %s: %s' % (topic, ', '.join(hits)))
    except VnnewsError as e:
      print('error: %s' % e, file=sys.stderr)
      return 1
  return 0


if __name__ == '__main__':
  sys.exit(main())
