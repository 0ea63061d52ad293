// Starts the real `ingestor` and `query_service` binaries for the end-to-end test: both bind
// 127.0.0.1:0 and report the bound port on stderr ("listening on HOST:PORT"); the store lives in
// a fresh temporary directory. Binaries come from $VNNEWS_BIN_DIR (default <repo>/build/bin).
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const START_TIMEOUT_MS = 60000;
const STOP_TIMEOUT_MS = 15000;

function binDir() {
  return path.resolve(process.env.VNNEWS_BIN_DIR || path.join(REPO, 'build', 'bin'));
}

function startBinary(name, args) {
  const file = path.join(binDir(), name);
  fs.accessSync(file, fs.constants.X_OK);
  const env = { ...process.env };
  delete env.VNNEWS_INGEST_TOKEN;
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  const proc = { name, child, stderr: '', address: null };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not report "listening on" within ${START_TIMEOUT_MS} ms:\n` +
                       proc.stderr));
    }, START_TIMEOUT_MS);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      proc.stderr += chunk;
      const match = /listening on (\S+):(\d+)/.exec(proc.stderr);
      if (match && !proc.address) {
        const host = ['0.0.0.0', '[::]', '::'].includes(match[1]) ? '127.0.0.1' : match[1];
        proc.address = `${host}:${match[2]}`;
        clearTimeout(timer);
        resolve(proc);
      }
    });
    child.on('exit', (code, signal) => {
      if (!proc.address) {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${proc.stderr}`));
      }
    });
  });
}

// SIGTERM, then SIGKILL past the grace period; resolves to the exit code.
function stopBinary(proc) {
  if (!proc) return Promise.resolve(null);
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

// An ingestor and a query service over one fresh store.
async function startStack({ token } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vnnews-node-'));
  const db = path.join(tmp, 'db');
  const lexicon = path.join(REPO, 'lexicon');
  const stack = { tmp, ingestor: null, query: null };
  stack.stop = async () => {
    await stopBinary(stack.query);
    await stopBinary(stack.ingestor);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  stack.logs = () => [stack.ingestor, stack.query].filter(Boolean)
      .map((p) => `--- ${p.name} stderr ---\n${p.stderr.split('\n').slice(-50).join('\n')}`)
      .join('\n');
  try {
    const ingestArgs = ['--db_path', db, '--listen', '127.0.0.1:0', '--lexicon_dir', lexicon];
    if (token) ingestArgs.push('--token', token);
    stack.ingestor = await startBinary('ingestor', ingestArgs);
    stack.query = await startBinary('query_service', [
      '--db_path', db, '--secondary_path', path.join(tmp, 'secondary'),
      '--listen', '127.0.0.1:0', '--lexicon_dir', lexicon]);
  } catch (err) {
    await stack.stop();
    throw err;
  }
  return stack;
}

module.exports = { startStack, REPO };
