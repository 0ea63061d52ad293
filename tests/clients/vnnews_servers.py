"""Starts the real `ingestor` and `query_service` binaries for end-to-end client tests.

Both bind 127.0.0.1:0 and report the bound port on stderr ("listening on HOST:PORT"), which is
read back here; the store lives in a fresh temporary directory. The binaries come from
$VNNEWS_BIN_DIR (default: <repo>/build/bin).
"""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_LISTENING = re.compile(r'listening on (\S+):(\d+)')
# How long a binary may take to bind (it may ingest the seeds first).
_START_TIMEOUT_S = 60.0
_STOP_TIMEOUT_S = 15.0


def bin_dir():
  return os.path.abspath(os.environ.get('VNNEWS_BIN_DIR') or
                         os.path.join(REPO_ROOT, 'build', 'bin'))


class Binary:
  """One running binary: its process, its address, and everything it wrote to stderr."""

  def __init__(self, name, args, env=None):
    path = os.path.join(bin_dir(), name)
    if not os.access(path, os.X_OK):
      raise RuntimeError('%s not found or not executable (set VNNEWS_BIN_DIR to the build\'s '
                         'bin/ directory)' % path)
    self.name = name
    self.stderr_lines = []
    self._bound = threading.Event()
    self._exited_early = False
    self.address = None
    self.port = None
    self.process = subprocess.Popen([path] + args, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    text=True, env=env)
    self._reader = threading.Thread(target=self._read_stderr, daemon=True)
    self._reader.start()
    if not self._bound.wait(_START_TIMEOUT_S) or self.address is None:
      code = self.stop()
      how = ('exited with status %d before listening' % code if self._exited_early else
             'did not report "listening on HOST:PORT" within %.0f s' % _START_TIMEOUT_S)
      raise RuntimeError('%s %s; stderr:\n%s' % (name, how, self.log()))

  def _read_stderr(self):
    for line in self.process.stderr:
      self.stderr_lines.append(line)
      if self.address is None:
        match = _LISTENING.search(line)
        if match:
          host = match.group(1)
          if host in ('0.0.0.0', '[::]', '::'):
            host = '127.0.0.1'
          self.port = int(match.group(2))
          self.address = '%s:%d' % (host, self.port)
          self._bound.set()
    if self.address is None:
      self._exited_early = True
    self._bound.set()  # exited before binding: wake the waiter

  def log(self):
    return ''.join(self.stderr_lines[-50:])

  def stop(self):
    """SIGTERM, as a user's `docker stop` would; SIGKILL only past the grace period."""
    if self.process.poll() is None:
      self.process.send_signal(signal.SIGTERM)
      try:
        self.process.wait(_STOP_TIMEOUT_S)
      except subprocess.TimeoutExpired:
        self.process.kill()
        self.process.wait(_STOP_TIMEOUT_S)
    self._reader.join(_STOP_TIMEOUT_S)
    self.process.stderr.close()
    return self.process.returncode


class Stack:
  """An ingestor and a query service over one store in a fresh temporary directory."""

  def __init__(self, token=None, seed_dir=None):
    self.token = token
    self.tmp = tempfile.mkdtemp(prefix='vnnews-clients-')
    self.db_path = os.path.join(self.tmp, 'db')
    lexicon = os.path.join(REPO_ROOT, 'lexicon')
    env = dict(os.environ)
    env.pop('VNNEWS_INGEST_TOKEN', None)
    ingest_args = ['--db_path', self.db_path, '--listen', '127.0.0.1:0', '--lexicon_dir', lexicon]
    if token:
      ingest_args += ['--token', token]
    if seed_dir:
      ingest_args += ['--seed_dir', seed_dir]
    self.ingestor = None
    self.query = None
    try:
      self.ingestor = Binary('ingestor', ingest_args, env=env)
      self.query = Binary('query_service', [
          '--db_path', self.db_path, '--secondary_path', os.path.join(self.tmp, 'secondary'),
          '--listen', '127.0.0.1:0', '--lexicon_dir', lexicon], env=env)
    except Exception:
      self.stop()
      raise

  def logs(self):
    parts = []
    for b in (self.ingestor, self.query):
      if b is not None:
        parts.append('--- %s stderr (last lines) ---\n%s' % (b.name, b.log()))
    return '\n'.join(parts)

  def stop(self):
    codes = {}
    for b in (self.query, self.ingestor):
      if b is not None:
        codes[b.name] = b.stop()
    shutil.rmtree(self.tmp, ignore_errors=True)
    return codes


def wait_until(predicate, timeout_s, what):
  """Polls predicate() until it is true; raises with `what` when it never is."""
  deadline = time.monotonic() + timeout_s
  last_error = None
  while time.monotonic() < deadline:
    try:
      if predicate():
        return
    except Exception as e:  # pylint: disable=broad-except
      last_error = e
    time.sleep(0.2)
  raise AssertionError('timed out after %.0f s waiting for %s (last error: %s)' %
                       (timeout_s, what, last_error))
