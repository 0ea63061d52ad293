#!/usr/bin/python3
"""Runs every grpcurl command of docs/grpcurl.md and README.md against the real binaries.

grpcurl is not installable on this machine, so each documented command line is run by bash as
written, with `grpcurl` bound to tests/clients/pygrpcurl.py: a client that speaks what grpcurl
speaks (server reflection v1alpha to list services, fetch descriptors and build requests from
JSON; nothing of our own generated code). What is checked is what the user sees: the exit code,
the JSON printed, the error block, the describe text with the comments of proto/.

A command's documented output (the fenced block after it, when it holds no command) is part of
the check: an `ERROR:` block must come back with that code and a message about the same field;
a JSON block must match the shape of the answer (every documented key present, non-empty lists
non-empty); a `list`/`describe` block must appear line by line.

Placeholders the test fills in: localhost:50051 / localhost:50052 → the ports the binaries
bound; ARTICLE_ID → the id of the first article ingested by the same document's IngestArticle
example for DeleteArticle, the id of seed 000 otherwise; PAGE_TOKEN → the nextPageToken of the
previous list command; SEQUENCE → the sequence of the previous ingest; $VNNEWS_INGEST_TOKEN →
the token the ingestor was started with (bash expands it, as a user's shell would).
The commands run in a scratch directory holding article.txt (a short article), for the
examples that ingest a file.

Run: VNNEWS_BIN_DIR=build/bin /usr/bin/python3 tests/clients/grpcurl_test.py [-v]
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)

import grpc  # pylint: disable=wrong-import-position
from google.protobuf import descriptor_pb2  # pylint: disable=wrong-import-position

import pygrpcurl  # pylint: disable=wrong-import-position
import vnnews_servers  # pylint: disable=wrong-import-position

REPO = vnnews_servers.REPO_ROOT
DOCS = [os.path.join(REPO, 'docs', 'grpcurl.md'), os.path.join(REPO, 'README.md')]
TOKEN = 'grpcurl-test-token'
SEED_DIR = os.path.join(REPO, 'seeds')
SEED_FOR_ARTICLE_ID = '000_c3244db55ca1ddb1.txt'
COMMAND_TIMEOUT_S = 90
RPC_DEADLINE_S = 10
STATUS_EXIT_OFFSET = 64
# Every RPC a user must be shown, per issue 4.
REQUIRED_METHODS = [
    'vnnews.v1.IngestService/IngestArticle', 'vnnews.v1.IngestService/IngestArticles',
    'vnnews.v1.IngestService/DeleteArticle', 'vnnews.v1.QueryService/GetArticle',
    'vnnews.v1.QueryService/ListArticles', 'vnnews.v1.QueryService/ListArticlesByPerson',
    'vnnews.v1.QueryService/ListArticlesByDate', 'vnnews.v1.QueryService/ListArticlesByTopic',
    'vnnews.v1.QueryService/SearchArticles', 'vnnews.v1.QueryService/GetFacets',
    'vnnews.v1.QueryService/ListTopics', 'grpc.health.v1.Health/Check'
]
# The topic ids the taxonomy must have at least: those the project's evaluation files use.
TAXONOMY_MIN = [
    'diplomacy', 'covid19', 'public_health', 'economy', 'trade_investment', 'oda_aid',
    'infrastructure_transport', 'labor_migration', 'education', 'technology_digital',
    'energy_environment', 'agriculture', 'security_defense', 'maritime_sovereignty',
    'multilateral_asean', 'culture_sports', 'society_crime', 'politics_party', 'disaster_weather'
]
ARTICLE_TXT = (
    'Việt Nam và Hàn Quốc thúc đẩy hợp tác giáo dục\n\n'
    'Hà Nội, ngày 12/3/2024 - Bộ trưởng Bộ Giáo dục và Đào tạo Nguyễn Kim Sơn đã tiếp Đại sứ '
    'Hàn Quốc tại Việt Nam Choi Young Sam. Hai bên trao đổi về hợp tác đào tạo nguồn nhân lực, '
    'trao đổi sinh viên và học bổng cho sinh viên Việt Nam sang học tập tại Hàn Quốc.\n\n'
    'Bộ trưởng Nguyễn Kim Sơn đề nghị hai nước mở rộng hợp tác giữa các trường đại học.\n')


# --- the documents ----------------------------------------------------------------------------

class DocCommand:
  """One grpcurl command line of a document, and the output documented after it."""

  def __init__(self, doc, line, text):
    self.doc = doc
    self.line = line
    self.text = text
    self.expected = None  # the text of the output block, or None

  def grpcurl_argv(self):
    """The grpcurl words of the command (the part after a pipe), unexpanded."""
    joined = re.sub(r'\\\n', ' ', self.text).split('\n', 1)[0]
    part = joined[joined.index('grpcurl'):]
    part = re.split(r'\s<<', part)[0]
    return shlex.split(part)[1:]

  def verb_and_target(self):
    """('list'|'describe'|'call', symbol or method or None, address)."""
    words = self.grpcurl_argv()
    try:
      opts = pygrpcurl.parse_args(words)
    except pygrpcurl.UsageError as e:
      raise AssertionError('%s:%d: not a valid grpcurl command: %s' % (self.doc, self.line, e))
    if opts['verb'] in ('list', 'describe'):
      return opts['verb'], opts['symbol'], opts['address']
    service, method = pygrpcurl._split_method(opts['verb'])  # pylint: disable=protected-access
    return 'call', '%s/%s' % (service, method), opts['address']

  def __repr__(self):
    return '%s:%d' % (os.path.relpath(self.doc, REPO), self.line)


_FENCE = re.compile(r'^\s*(```|~~~)')
_HEREDOC = re.compile(r"<<-?\s*'?\"?(\w+)'?\"?")


def _is_command_start(line):
  stripped = line.strip()
  return stripped.startswith('grpcurl ') or re.search(r'\|\s*grpcurl\s', stripped) is not None


def extract_commands(path):
  """Every grpcurl command inside fenced blocks of a markdown file, with its documented output."""
  with open(path, encoding='utf-8') as f:
    lines = f.read().split('\n')
  blocks = []  # (first line number, [lines])
  i = 0
  while i < len(lines):
    if _FENCE.match(lines[i]):
      fence = _FENCE.match(lines[i]).group(1)
      start = i + 1
      i += 1
      body = []
      while i < len(lines) and not lines[i].strip().startswith(fence):
        body.append(lines[i])
        i += 1
      blocks.append((start + 1, body))
    i += 1
  commands = []
  last_block_commands = []
  for first_line, body in blocks:
    found = []
    j = 0
    while j < len(body):
      if not _is_command_start(body[j]):
        j += 1
        continue
      start = j
      text = [body[j]]
      while text[-1].rstrip().endswith('\\') and j + 1 < len(body):
        j += 1
        text.append(body[j])
      heredoc = _HEREDOC.search(' '.join(text))
      if heredoc:
        end_word = heredoc.group(1)
        while j + 1 < len(body):
          j += 1
          text.append(body[j])
          if body[j].strip() == end_word:
            break
      found.append(DocCommand(path, first_line + start, '\n'.join(text)))
      j += 1
    if found:
      commands += found
      last_block_commands = found
    elif last_block_commands:
      # An output block: it belongs to the last command of the block before it.
      last_block_commands[-1].expected = '\n'.join(body)
      last_block_commands = []
  return commands


# --- the checks -------------------------------------------------------------------------------

def parse_json_stream(text):
  return [json.loads(piece) for piece in pygrpcurl.split_json_messages(text)]


def shape_problems(documented, actual, where='$'):
  """How `actual` fails to have the documented shape (every key, non-empty lists, same types)."""
  problems = []
  if isinstance(documented, dict):
    if not isinstance(actual, dict):
      return ['%s: want an object, got %r' % (where, actual)]
    for key, value in documented.items():
      if key not in actual:
        # proto3 JSON leaves out false and 0: a documented flag or number (created, firstDay)
        # may be absent from another article's answer. Strings, objects and lists may not.
        if not isinstance(value, (bool, int, float)):
          problems.append('%s.%s: missing' % (where, key))
        continue
      problems += shape_problems(value, actual[key], '%s.%s' % (where, key))
  elif isinstance(documented, list):
    if not isinstance(actual, list):
      return ['%s: want a list, got %r' % (where, actual)]
    if documented and not actual:
      problems.append('%s: documented non-empty, got an empty list' % where)
    elif documented and actual:
      problems += shape_problems(documented[0], actual[0], where + '[0]')
  return problems


def proto_comments():
  """Our own proto files compiled with their comments: the truth describe must show."""
  out = tempfile.mkdtemp(prefix='grpcurl-test-desc-')
  desc = os.path.join(out, 'vnnews.desc')
  proto_root = os.path.join(REPO, 'proto')
  files = sorted(os.path.join('vnnews', 'v1', f)
                 for f in os.listdir(os.path.join(proto_root, 'vnnews', 'v1'))
                 if f.endswith('.proto'))
  subprocess.run(['protoc', '-I', proto_root, '-I', '/usr/include', '--include_source_info',
                  '-o', desc] + files, check=True, capture_output=True, timeout=60)
  with open(desc, 'rb') as f:
    fds = descriptor_pb2.FileDescriptorSet.FromString(f.read())
  shutil.rmtree(out, ignore_errors=True)
  return {fdp.name: fdp for fdp in fds.file}


def expected_comment_lines(files, symbol):
  """The comment lines (`// ...`) describe must show for a symbol and its members."""
  for fdp in files.values():
    found = pygrpcurl.find_symbol(fdp, symbol)
    if found is None:
      continue
    _, _, path = found
    lines = []
    for loc in fdp.source_code_info.location:
      loc_path = tuple(loc.path)
      # The symbol itself, and its direct members (methods, fields, enum values).
      if loc_path == path or (loc_path[:len(path)] == path and len(loc_path) == len(path) + 2
                              and loc_path[len(path)] == 2):
        for line in loc.leading_comments.rstrip('\n').split('\n'):
          if loc.leading_comments:
            lines.append('//' + line)
    return lines
  raise AssertionError('%s is not declared in proto/' % symbol)


class State:
  """Values earlier commands produced, for the placeholders of later ones."""

  def __init__(self):
    self.first_ingested_id = None
    self.page_token = None
    self.sequence = None


# --- the test ---------------------------------------------------------------------------------

_stack = None
_scratch = None
_gen_dir = None
_seed_id = None
_states = {}
_proto_files = None


def _reflect_call(address, method, body):
  """A call through reflection only, for the test's own set-up and follow-up checks."""
  channel = grpc.insecure_channel(address)
  reflection = pygrpcurl.ReflectionClient(channel, [], RPC_DEADLINE_S)
  try:
    md = [('authorization', 'Bearer ' + TOKEN)]
    result = pygrpcurl.invoke(channel, reflection, method, json.dumps(body), md, RPC_DEADLINE_S)
    return result.code, [json.loads(r) for r in result.responses], result.details
  finally:
    reflection.close()
    channel.close()


def setUpModule():  # pylint: disable=invalid-name
  global _stack, _scratch, _gen_dir, _seed_id, _proto_files
  _gen_dir = tempfile.mkdtemp(prefix='grpcurl-test-gen-')
  os.environ['PYGRPCURL_GEN_DIR'] = _gen_dir
  pygrpcurl.load_reflection_stubs()
  _proto_files = proto_comments()
  _scratch = tempfile.mkdtemp(prefix='grpcurl-test-cwd-')
  with open(os.path.join(_scratch, 'article.txt'), 'w', encoding='utf-8') as f:
    f.write(ARTICLE_TXT)
  _stack = vnnews_servers.Stack(token=TOKEN, seed_dir=SEED_DIR)
  seeds = len([f for f in os.listdir(SEED_DIR) if f.endswith('.txt')])

  def seeds_visible():
    code, answers, _ = _reflect_call(_stack.query.address, 'vnnews.v1.QueryService/ListArticles',
                                     {'page_size': 1000})
    return code == grpc.StatusCode.OK and len(answers[0].get('results', [])) >= seeds

  try:
    vnnews_servers.wait_until(seeds_visible, 60, 'the %d seeds to be listed by the query service'
                              % seeds)
  except AssertionError as e:
    raise AssertionError('%s\n%s' % (e, _stack.logs()))
  _, answers, _ = _reflect_call(_stack.query.address, 'vnnews.v1.QueryService/ListArticles',
                                {'page_size': 1000})
  results = answers[0]['results']
  _seed_id = next((r['summary']['id'] for r in results
                   if r['summary'].get('sourceUri', '').endswith(SEED_FOR_ARTICLE_ID)),
                  results[0]['summary']['id'])


def tearDownModule():  # pylint: disable=invalid-name
  if _stack is not None:
    _stack.stop()
  for d in (_scratch, _gen_dir):
    if d:
      shutil.rmtree(d, ignore_errors=True)


class DocumentsTest(unittest.TestCase):
  """What every document must hold."""

  def test_docs_show_every_rpc_list_and_describe(self):
    for doc in DOCS:
      with self.subTest(doc=os.path.relpath(doc, REPO)):
        self.assertTrue(os.path.exists(doc), '%s does not exist' % doc)
        commands = extract_commands(doc)
        self.assertTrue(commands, '%s holds no grpcurl command in a ``` block' % doc)
        seen = {c.verb_and_target()[:2] for c in commands}
        for method in REQUIRED_METHODS:
          self.assertIn(('call', method), seen, '%s shows no grpcurl call of %s' % (doc, method))
        for want in [('list', None), ('describe', 'vnnews.v1.QueryService'),
                     ('describe', 'vnnews.v1.Article')]:
          self.assertIn(want, seen, '%s lacks `grpcurl ... %s`' % (doc, ' '.join(filter(None, want))))


class CommandsTest(unittest.TestCase):
  """One test per documented command, added below in document order."""

  maxDiff = None

  def run_command(self, cmd):
    state = _states.setdefault(cmd.doc, State())
    verb, target, address = cmd.verb_and_target()
    text = cmd.text
    text = text.replace('localhost:50051', _stack.ingestor.address)
    text = text.replace('localhost:50052', _stack.query.address)
    if 'ARTICLE_ID' in text:
      if target == 'vnnews.v1.IngestService/DeleteArticle':
        self.assertIsNotNone(state.first_ingested_id,
                             '%r: DeleteArticle before any IngestArticle example' % cmd)
        text = text.replace('ARTICLE_ID', state.first_ingested_id)
      else:
        text = text.replace('ARTICLE_ID', _seed_id)
    if 'PAGE_TOKEN' in text:
      self.assertTrue(state.page_token, '%r: PAGE_TOKEN with no earlier list answering a '
                      'nextPageToken' % cmd)
      text = text.replace('PAGE_TOKEN', state.page_token)
    if 'SEQUENCE' in text:
      self.assertIsNotNone(state.sequence, '%r: SEQUENCE before any ingest' % cmd)
      text = text.replace('SEQUENCE', state.sequence)
    env = dict(os.environ, VNNEWS_INGEST_TOKEN=TOKEN, PYGRPCURL_GEN_DIR=_gen_dir)
    script = ('set -o pipefail\ngrpcurl() { /usr/bin/python3 %s "$@"; }\n%s\n' %
              (shlex.quote(os.path.join(_HERE, 'pygrpcurl.py')), text))
    proc = subprocess.run(['bash', '-c', script], cwd=_scratch, env=env, capture_output=True,
                          text=True, timeout=COMMAND_TIMEOUT_S)
    context = '%r\n$ %s\nexit %d\n--- stdout ---\n%s--- stderr ---\n%s' % (
        cmd, text, proc.returncode, proc.stdout, proc.stderr)
    expected = cmd.expected
    if verb == 'list':
      self.check_list(cmd, target, address, proc, context)
    elif verb == 'describe':
      self.check_describe(cmd, target, proc, context)
    elif expected is not None and expected.lstrip().startswith('ERROR:'):
      self.check_error(expected, proc, context)
    else:
      self.check_call(cmd, target, state, proc, context)

  def check_list(self, cmd, target, address, proc, context):
    self.assertEqual(proc.returncode, 0, context)
    got = proc.stdout.split('\n')
    if target is None:
      want = {'grpc.health.v1.Health', 'grpc.reflection.v1alpha.ServerReflection',
              'vnnews.v1.IngestService' if address == 'localhost:50051'
              else 'vnnews.v1.QueryService'}
      self.assertTrue(want <= set(got), 'want %s listed\n%s' % (sorted(want), context))
    if cmd.expected is not None:
      missing = [line for line in cmd.expected.strip().split('\n') if line.strip() not in got]
      self.assertEqual(missing, [], 'documented lines absent\n%s' % context)

  def check_describe(self, cmd, target, proc, context):
    self.assertEqual(proc.returncode, 0, context)
    out = proc.stdout
    self.assertIsNotNone(target, '%r: describe without a symbol is not checked' % cmd)
    self.assertRegex(out, r'^%s is an? (service|message|enum|method):' % re.escape(target),
                     context)
    got_lines = [line.strip() for line in out.split('\n')]
    missing = [c for c in expected_comment_lines(_proto_files, target)
               if c.strip() not in got_lines]
    self.assertEqual(missing, [], 'comments of proto/ absent from describe\'s output: reflection '
                     'must serve the files with their source_code_info\n%s' % context)
    if cmd.expected is not None:
      missing = [line for line in cmd.expected.strip().split('\n')
                 if line.strip() not in got_lines]
      self.assertEqual(missing, [], 'documented lines absent\n%s' % context)

  def check_error(self, expected, proc, context):
    code_name = re.search(r'Code:\s*(\w+)', expected).group(1)
    message = re.search(r'Message:\s*(.*)', expected).group(1).strip()
    code = next(c for c, n in pygrpcurl._GO_CODE_NAMES.items()  # pylint: disable=protected-access
                if n == code_name)
    self.assertEqual(proc.returncode, STATUS_EXIT_OFFSET + code.value[0], context)
    self.assertRegex(proc.stderr, r'ERROR:\n  Code: %s\n  Message: ' % code_name, context)
    got_message = re.search(r'Message: (.*)', proc.stderr).group(1)
    # The field at fault leads the message ("page_size: ..."): it must be the documented one.
    want_field = message.split(':', 1)[0]
    self.assertTrue(got_message.startswith(want_field + ':') or want_field == message,
                    'documented message %r, got %r\n%s' % (message, got_message, context))

  def check_call(self, cmd, target, state, proc, context):
    self.assertEqual(proc.returncode, 0, context)
    self.assertEqual(proc.stderr.strip(), '', context)
    answers = parse_json_stream(proc.stdout)
    self.assertTrue(answers, 'no answer printed\n' + context)
    if cmd.expected is not None:
      documented = parse_json_stream(cmd.expected)
      self.assertEqual(len(answers), len(documented),
                       'documented %d answers\n%s' % (len(documented), context))
      for want, got in zip(documented, answers):
        problems = shape_problems(want, got)
        self.assertEqual(problems, [], 'answer differs from the documented one\n' + context)
        if 'errorCode' in want:
          self.assertEqual(got.get('errorCode'), want['errorCode'], context)
    answer = answers[0]
    method = target.split('/', 1)[1]
    if method == 'Check':
      self.assertEqual(answer.get('status'), 'SERVING', context)
    elif method == 'IngestArticle':
      self.assertTrue(answer.get('id'), context)
      self.assertGreater(int(answer.get('sequence', '0')), 0, context)
      state.sequence = answer['sequence']
      if state.first_ingested_id is None:
        state.first_ingested_id = answer['id']
    elif method == 'IngestArticles':
      self.assertEqual([a.get('index', 0) for a in answers], list(range(len(answers))), context)
      for a in answers:
        if not a.get('errorCode'):
          self.assertTrue(a['result'].get('id'), context)
          state.sequence = a['result']['sequence']
        else:
          self.assertTrue(a.get('errorMessage'), context)
    elif method == 'DeleteArticle':
      self.assertEqual(answer.get('id'), state.first_ingested_id, context)
      code, _, _ = _reflect_call(_stack.query.address, 'vnnews.v1.QueryService/GetArticle',
                                 {'id': answer['id'], 'min_sequence': answer['sequence']})
      self.assertEqual(code, grpc.StatusCode.NOT_FOUND,
                       'the deleted article can still be read\n' + context)
    elif method == 'GetArticle':
      self.assertEqual(answer.get('id'), _seed_id, context)
      self.assertTrue(answer.get('body'), context)
    elif method.startswith('ListArticles') or method == 'SearchArticles':
      for result in answer.get('results', []):
        self.assertTrue(result['summary'].get('id'), context)
      state.page_token = answer.get('nextPageToken') or state.page_token
    elif method == 'ListTopics':
      ids = {t['id'] for t in answer.get('topics', [])}
      self.assertEqual(sorted(set(TAXONOMY_MIN) - ids), [], 'topics missing\n' + context)
      for topic in answer['topics']:
        self.assertTrue(topic.get('label'), context)
    elif method == 'GetFacets':
      request = json.loads(re.search(r"-d '([^']*)'", cmd.text).group(1))
      self.assertEqual(len(answer.get('facets', [])), len(request.get('fields', [])), context)
      self.assertGreaterEqual(int(answer.get('totalArticles', '0')), 1, context)


def _add_command_tests():
  index = 0
  for doc in DOCS:
    if not os.path.exists(doc):
      continue
    for cmd in extract_commands(doc):
      index += 1
      try:
        verb, target, _ = cmd.verb_and_target()
        label = re.sub(r'\W+', '_', '%s_%s' % (verb, (target or 'all').split('/')[-1]))
      except AssertionError:
        label = 'invalid'
      name = 'test_%03d_%s_line%d_%s' % (index, os.path.basename(doc).split('.')[0], cmd.line,
                                          label)

      def test(self, cmd=cmd):
        self.run_command(cmd)

      test.__doc__ = '%r: %s' % (cmd, cmd.text.split('\n')[0][:100])
      setattr(CommandsTest, name, test)


_add_command_tests()

if __name__ == '__main__':
  unittest.main()
