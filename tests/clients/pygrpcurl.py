#!/usr/bin/python3
"""A reflection-only gRPC client with grpcurl's command-line syntax, for machines without grpcurl.

It speaks what grpcurl speaks: the gRPC server reflection protocol
(grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo) to list services and fetch the
FileDescriptorProtos of a symbol, then builds requests from JSON with those descriptors only
(no stubs of the called service), so it proves that a client knowing nothing but the server's
address can use the server. tests/clients/grpcurl_test.py runs every grpcurl command of
docs/grpcurl.md and README.md through it.

Supported (grpcurl's spelling; flags before the address, as Go's flag package wants):
  pygrpcurl.py -plaintext [-H 'name: value']... [-d JSON | -d @] [-max-time SECONDS]
               [-connect-timeout SECONDS] [-emit-defaults] [-format json]
               HOST:PORT (list [SERVICE] | describe [SYMBOL] | SERVICE/METHOD)
Output and exit codes follow grpcurl: responses as JSON (lowerCamelCase names, 2-space indent),
a failed RPC prints "ERROR:\n  Code: ...\n  Message: ..." to stderr and exits with 64 + the gRPC
status code; bad usage exits 2, other failures 1. Unlike grpcurl, every call has a deadline
(-max-time, 30 s unless given).

Runs with Debian's /usr/bin/python3 (python3-grpcio, python3-protobuf). The reflection stubs are
generated with protoc + grpc_python_plugin into a temporary directory (or $PYGRPCURL_GEN_DIR, to
generate once for many runs).
"""

import importlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile

import grpc
from google.protobuf import descriptor_pb2
from google.protobuf import descriptor_pool
from google.protobuf import json_format
from google.protobuf import message_factory

_HERE = os.path.dirname(os.path.abspath(__file__))
# The reflection protocol as the servers vendor it. The stubs are generated from a copy under
# another directory (grpcurl_reflection/), so that their Python package does not shadow `grpc`.
_REFLECTION_PROTO_SOURCE = os.path.join(_HERE, '..', '..', 'vnnews', 'server', 'proto', 'grpc',
                                        'reflection', 'v1alpha', 'reflection.proto')
_REFLECTION_PROTO = 'grpcurl_reflection/v1alpha/reflection.proto'
_DEFAULT_MAX_TIME = 30.0
_DEFAULT_CONNECT_TIMEOUT = 10.0
# grpcurl exits with this plus the gRPC status code when an RPC fails.
_STATUS_EXIT_OFFSET = 64

# grpc-go's spelling of the status codes, which is what grpcurl prints.
_GO_CODE_NAMES = {
    grpc.StatusCode.OK: 'OK',
    grpc.StatusCode.CANCELLED: 'Canceled',
    grpc.StatusCode.UNKNOWN: 'Unknown',
    grpc.StatusCode.INVALID_ARGUMENT: 'InvalidArgument',
    grpc.StatusCode.DEADLINE_EXCEEDED: 'DeadlineExceeded',
    grpc.StatusCode.NOT_FOUND: 'NotFound',
    grpc.StatusCode.ALREADY_EXISTS: 'AlreadyExists',
    grpc.StatusCode.PERMISSION_DENIED: 'PermissionDenied',
    grpc.StatusCode.RESOURCE_EXHAUSTED: 'ResourceExhausted',
    grpc.StatusCode.FAILED_PRECONDITION: 'FailedPrecondition',
    grpc.StatusCode.ABORTED: 'Aborted',
    grpc.StatusCode.OUT_OF_RANGE: 'OutOfRange',
    grpc.StatusCode.UNIMPLEMENTED: 'Unimplemented',
    grpc.StatusCode.INTERNAL: 'Internal',
    grpc.StatusCode.UNAVAILABLE: 'Unavailable',
    grpc.StatusCode.DATA_LOSS: 'DataLoss',
    grpc.StatusCode.UNAUTHENTICATED: 'Unauthenticated',
}


class UsageError(Exception):
  """Bad command line: exit 2, as grpcurl does."""


class ClientError(Exception):
  """A failure that is not an RPC status (connection, unknown symbol, bad JSON): exit 1."""


def generate_reflection_stubs(out_dir):
  """Runs protoc + grpc_python_plugin on the vendored reflection.proto into out_dir."""
  plugin = '/usr/bin/grpc_python_plugin'
  proto_root = os.path.join(out_dir, 'proto-src')
  os.makedirs(os.path.join(proto_root, os.path.dirname(_REFLECTION_PROTO)), exist_ok=True)
  shutil.copyfile(_REFLECTION_PROTO_SOURCE, os.path.join(proto_root, _REFLECTION_PROTO))
  cmd = [
      'protoc', '-I', proto_root, '--python_out=' + out_dir,
      '--grpc_out=' + out_dir, '--plugin=protoc-gen-grpc=' + plugin, _REFLECTION_PROTO
  ]
  try:
    subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60)
  except FileNotFoundError as e:
    raise ClientError('protoc not found (Debian: apt-get install protobuf-compiler): %s' % e)
  except subprocess.CalledProcessError as e:
    raise ClientError('protoc failed on %s: %s' % (_REFLECTION_PROTO, e.stderr.strip()))


def load_reflection_stubs():
  """Imports the reflection stubs, generating them first when needed."""
  gen_dir = os.environ.get('PYGRPCURL_GEN_DIR')
  if not gen_dir:
    gen_dir = tempfile.mkdtemp(prefix='pygrpcurl-')
  stub = os.path.join(gen_dir, 'grpcurl_reflection', 'v1alpha', 'reflection_pb2_grpc.py')
  if not os.path.exists(stub):
    os.makedirs(gen_dir, exist_ok=True)
    generate_reflection_stubs(gen_dir)
  if gen_dir not in sys.path:
    sys.path.insert(0, gen_dir)
  importlib.invalidate_caches()
  from grpcurl_reflection.v1alpha import reflection_pb2  # pylint: disable=import-outside-toplevel
  from grpcurl_reflection.v1alpha import reflection_pb2_grpc  # pylint: disable=import-outside-toplevel
  return reflection_pb2, reflection_pb2_grpc


def _message_class(descriptor):
  getter = getattr(message_factory, 'GetMessageClass', None)
  if getter is not None:
    return getter(descriptor)
  return message_factory.MessageFactory(descriptor.file.pool).GetPrototype(descriptor)


def split_json_messages(text):
  """'{..} {..}' → ['{..}', '{..}']: grpcurl's -d takes a stream of JSON objects."""
  decoder = json.JSONDecoder()
  pieces = []
  pos = 0
  while True:
    while pos < len(text) and text[pos].isspace():
      pos += 1
    if pos >= len(text):
      return pieces
    try:
      _, end = decoder.raw_decode(text, pos)
    except json.JSONDecodeError as e:
      raise ClientError('error getting request data: %s' % e)
    pieces.append(text[pos:end])
    pos = end


class ReflectionClient:
  """One ServerReflectionInfo stream, and the descriptor pool built from what it returned."""

  def __init__(self, channel, metadata=(), timeout=_DEFAULT_MAX_TIME):
    self._pb2, pb2_grpc = load_reflection_stubs()
    self._requests = queue.Queue()
    stub = pb2_grpc.ServerReflectionStub(channel)
    self._responses = stub.ServerReflectionInfo(
        iter(self._requests.get, None), timeout=timeout, metadata=list(metadata))
    self.pool = descriptor_pool.DescriptorPool()
    # File name → FileDescriptorProto, as the server sent it (with its source_code_info).
    self.files = {}
    self._added = set()

  def close(self):
    self._requests.put(None)
    self._responses.cancel()

  def _ask(self, **request):
    self._requests.put(self._pb2.ServerReflectionRequest(**request))
    try:
      response = next(self._responses)
    except StopIteration:
      raise ClientError('the server closed the reflection stream')
    if response.HasField('error_response'):
      raise ClientError('%s (reflection error %d)' % (response.error_response.error_message,
                                                      response.error_response.error_code))
    return response

  def list_services(self):
    response = self._ask(list_services='')
    return sorted(s.name for s in response.list_services_response.service)

  def _take_files(self, response):
    for raw in response.file_descriptor_response.file_descriptor_proto:
      fdp = descriptor_pb2.FileDescriptorProto.FromString(raw)
      self.files.setdefault(fdp.name, fdp)

  def _add_to_pool(self, name, visiting=()):
    if name in self._added:
      return
    if name not in self.files:
      self._take_files(self._ask(file_by_filename=name))
      if name not in self.files:
        raise ClientError('the server did not send %s' % name)
    fdp = self.files[name]
    for dep in fdp.dependency:
      if dep in visiting:
        raise ClientError('import cycle through %s' % dep)
      self._add_to_pool(dep, visiting + (name,))
    self.pool.AddSerializedFile(fdp.SerializeToString())
    self._added.add(name)

  def file_containing_symbol(self, symbol):
    """Fetches (once) the file that declares `symbol` and its imports; returns its proto."""
    for fdp in self.files.values():
      if find_symbol(fdp, symbol) is not None:
        self._add_to_pool(fdp.name)
        return fdp
    response = self._ask(file_containing_symbol=symbol)
    names = [descriptor_pb2.FileDescriptorProto.FromString(raw).name
             for raw in response.file_descriptor_response.file_descriptor_proto]
    self._take_files(response)
    for name in names:
      if find_symbol(self.files[name], symbol) is not None:
        self._add_to_pool(name)
        return self.files[name]
    raise ClientError('Symbol not found: %s' % symbol)


def find_symbol(fdp, symbol):
  """(kind, proto, source path) of `symbol` in one file, or None.

  kind is service, method, message, enum; the path is the one source_code_info uses.
  """
  prefix = fdp.package + '.' if fdp.package else ''
  if not symbol.startswith(prefix):
    return None
  rest = symbol[len(prefix):]
  for i, svc in enumerate(fdp.service):
    if rest == svc.name:
      return ('service', svc, (6, i))
    for j, method in enumerate(svc.method):
      if rest == svc.name + '.' + method.name:
        return ('method', method, (6, i, 2, j))

  def walk(messages, enums, scope, path):
    for i, enum in enumerate(enums):
      if rest == scope + enum.name:
        return ('enum', enum, path[1] + (i,))
    for i, msg in enumerate(messages):
      here = path[0] + (i,)
      if rest == scope + msg.name:
        return ('message', msg, here)
      found = walk(msg.nested_type, msg.enum_type, scope + msg.name + '.',
                   (here + (3,), here + (4,)))
      if found is not None:
        return found
    return None

  return walk(fdp.message_type, fdp.enum_type, '', ((4,), (5,)))


class _Comments:
  """Comments of one file by source path."""

  def __init__(self, fdp):
    self._by_path = {}
    for loc in fdp.source_code_info.location:
      self._by_path[tuple(loc.path)] = loc

  def lines(self, path, indent):
    loc = self._by_path.get(tuple(path))
    if loc is None or not loc.leading_comments:
      return []
    text = loc.leading_comments
    if text.endswith('\n'):
      text = text[:-1]
    return [indent + '//' + line for line in text.split('\n')]

  def trailing(self, path):
    loc = self._by_path.get(tuple(path))
    if loc is None or not loc.trailing_comments:
      return ''
    return ' //' + loc.trailing_comments.rstrip('\n').replace('\n', ' ')


_SCALAR_NAMES = {
    descriptor_pb2.FieldDescriptorProto.TYPE_DOUBLE: 'double',
    descriptor_pb2.FieldDescriptorProto.TYPE_FLOAT: 'float',
    descriptor_pb2.FieldDescriptorProto.TYPE_INT64: 'int64',
    descriptor_pb2.FieldDescriptorProto.TYPE_UINT64: 'uint64',
    descriptor_pb2.FieldDescriptorProto.TYPE_INT32: 'int32',
    descriptor_pb2.FieldDescriptorProto.TYPE_FIXED64: 'fixed64',
    descriptor_pb2.FieldDescriptorProto.TYPE_FIXED32: 'fixed32',
    descriptor_pb2.FieldDescriptorProto.TYPE_BOOL: 'bool',
    descriptor_pb2.FieldDescriptorProto.TYPE_STRING: 'string',
    descriptor_pb2.FieldDescriptorProto.TYPE_BYTES: 'bytes',
    descriptor_pb2.FieldDescriptorProto.TYPE_UINT32: 'uint32',
    descriptor_pb2.FieldDescriptorProto.TYPE_SFIXED32: 'sfixed32',
    descriptor_pb2.FieldDescriptorProto.TYPE_SFIXED64: 'sfixed64',
    descriptor_pb2.FieldDescriptorProto.TYPE_SINT32: 'sint32',
    descriptor_pb2.FieldDescriptorProto.TYPE_SINT64: 'sint64',
}


def _render_method(method, path, comments, indent):
  out = comments.lines(path, indent)
  req = ('stream ' if method.client_streaming else '') + method.input_type
  resp = ('stream ' if method.server_streaming else '') + method.output_type
  out.append('%srpc %s ( %s ) returns ( %s );%s' %
             (indent, method.name, req, resp, comments.trailing(path)))
  return out


def _render_enum(enum, path, comments, indent):
  out = comments.lines(path, indent)
  out.append('%senum %s {' % (indent, enum.name))
  for i, value in sorted(enumerate(enum.value), key=lambda iv: iv[1].number):
    vpath = path + (2, i)
    out += comments.lines(vpath, indent + '  ')
    out.append('%s  %s = %d;%s' % (indent, value.name, value.number, comments.trailing(vpath)))
  out.append(indent + '}')
  return out


def _render_message(msg, path, comments, indent, proto3):
  out = comments.lines(path, indent)
  out.append('%smessage %s {' % (indent, msg.name))
  maps = {n.name for n in msg.nested_type if n.options.map_entry}
  oneof_fields = {}
  for i, field in enumerate(msg.field):
    if field.HasField('oneof_index') and not field.proto3_optional:
      oneof_fields.setdefault(field.oneof_index, []).append(i)
  done_oneofs = set()
  for i, field in sorted(enumerate(msg.field), key=lambda jf: jf[1].number):
    if i in {j for js in oneof_fields.values() for j in js}:
      if field.oneof_index in done_oneofs:
        continue
      done_oneofs.add(field.oneof_index)
      opath = path + (8, field.oneof_index)
      out += comments.lines(opath, indent + '  ')
      out.append('%s  oneof %s {' % (indent, msg.oneof_decl[field.oneof_index].name))
      for j in oneof_fields[field.oneof_index]:
        out += _render_field(msg.field[j], path + (2, j), comments, indent + '    ', maps, msg,
                             proto3)
      out.append(indent + '  }')
      continue
    out += _render_field(field, path + (2, i), comments, indent + '  ', maps, msg, proto3)
  for i, nested in enumerate(msg.nested_type):
    if nested.name in maps:
      continue
    out += _render_message(nested, path + (3, i), comments, indent + '  ', proto3)
  for i, enum in enumerate(msg.enum_type):
    out += _render_enum(enum, path + (4, i), comments, indent + '  ')
  out.append(indent + '}')
  return out


def _render_field(field, path, comments, indent, maps, msg, proto3):
  out = comments.lines(path, indent)
  if field.type_name:
    type_name = field.type_name
  else:
    type_name = _SCALAR_NAMES.get(field.type, 'unknown')
  label = ''
  short_type = field.type_name.rsplit('.', 1)[-1]
  if field.label == descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED:
    if short_type in maps:
      entry = next(n for n in msg.nested_type if n.name == short_type)
      key = _SCALAR_NAMES.get(entry.field[0].type, entry.field[0].type_name)
      value = entry.field[1].type_name or _SCALAR_NAMES.get(entry.field[1].type)
      type_name = 'map<%s, %s>' % (key, value)
    else:
      label = 'repeated '
  elif field.proto3_optional or (not proto3 and
                                 field.label == descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL):
    label = 'optional '
  out.append('%s%s%s %s = %d;%s' % (indent, label, type_name, field.name, field.number,
                                    comments.trailing(path)))
  return out


def describe_symbol(reflection, symbol):
  """grpcurl's describe text for one fully-qualified symbol."""
  fdp = reflection.file_containing_symbol(symbol)
  kind, proto, path = find_symbol(fdp, symbol)
  comments = _Comments(fdp)
  proto3 = fdp.syntax == 'proto3'
  if kind == 'service':
    lines = ['%s is a service:' % symbol] + comments.lines(path, '')
    lines.append('service %s {' % proto.name)
    # grpcurl prints with protoprint's SortElements: methods by name.
    for j, method in sorted(enumerate(proto.method), key=lambda jm: jm[1].name):
      lines += _render_method(method, path + (2, j), comments, '  ')
    lines.append('}')
  elif kind == 'method':
    lines = ['%s is a method:' % symbol] + _render_method(proto, path, comments, '')
  elif kind == 'message':
    lines = ['%s is a message:' % symbol] + _render_message(proto, path, comments, '', proto3)
  else:
    lines = ['%s is an enum:' % symbol] + _render_enum(proto, path, comments, '')
  return '\n'.join(lines)


def _split_method(name):
  if '/' in name:
    service, method = name.rsplit('/', 1)
  elif '.' in name:
    service, method = name.rsplit('.', 1)
  else:
    raise UsageError('method name must be SERVICE/METHOD or SERVICE.METHOD, got %r' % name)
  return service.lstrip('.'), method


class CallResult:
  """What one invocation printed and how it ended."""

  def __init__(self):
    self.responses = []  # JSON texts, one per response message
    self.code = grpc.StatusCode.OK
    self.details = ''


def invoke(channel, reflection, full_method, data, metadata, timeout, emit_defaults=False):
  """Calls one method, knowing it only through reflection. Returns a CallResult."""
  service_name, method_name = _split_method(full_method)
  reflection.file_containing_symbol(service_name)
  try:
    service = reflection.pool.FindServiceByName(service_name)
  except KeyError:
    raise ClientError('target server does not expose service "%s"' % service_name)
  method = service.methods_by_name.get(method_name)
  if method is None:
    raise ClientError('service "%s" does not include a method named "%s"' %
                      (service_name, method_name))
  fdp = reflection.files[service.file.name]
  method_proto = next(m for s in fdp.service if s.name == service.name
                      for m in s.method if m.name == method_name)
  request_class = _message_class(method.input_type)
  response_class = _message_class(method.output_type)
  requests = []
  for piece in split_json_messages(data or ''):
    message = request_class()
    try:
      json_format.Parse(piece, message, descriptor_pool=reflection.pool)
    except json_format.ParseError as e:
      raise ClientError('error getting request data: %s' % e)
    requests.append(message)
  if not method_proto.client_streaming:
    if len(requests) > 1:
      raise ClientError('method %s is a unary RPC, but request data contained more than 1 '
                        'message' % full_method)
    if not requests:
      requests = [request_class()]
  path = '/%s/%s' % (service_name, method_name)
  kwargs = dict(request_serializer=lambda m: m.SerializeToString(),
                response_deserializer=response_class.FromString)
  result = CallResult()

  def show(response):
    result.responses.append(json_format.MessageToJson(
        response, including_default_value_fields=emit_defaults, indent=2,
        ensure_ascii=False, descriptor_pool=reflection.pool))

  try:
    if method_proto.client_streaming and method_proto.server_streaming:
      call = channel.stream_stream(path, **kwargs)
      for response in call(iter(requests), timeout=timeout, metadata=metadata):
        show(response)
    elif method_proto.client_streaming:
      show(channel.stream_unary(path, **kwargs)(iter(requests), timeout=timeout,
                                                 metadata=metadata))
    elif method_proto.server_streaming:
      for response in channel.unary_stream(path, **kwargs)(requests[0], timeout=timeout,
                                                            metadata=metadata):
        show(response)
    else:
      show(channel.unary_unary(path, **kwargs)(requests[0], timeout=timeout, metadata=metadata))
  except grpc.RpcError as e:
    result.code = e.code()
    result.details = e.details() or ''
  return result


def parse_args(argv):
  """grpcurl's flags (the subset we support), then ADDRESS and the verb."""
  opts = {'plaintext': False, 'headers': [], 'data': None, 'max_time': _DEFAULT_MAX_TIME,
          'connect_timeout': _DEFAULT_CONNECT_TIMEOUT, 'emit_defaults': False}
  takes_value = {'H', 'rpc-header', 'reflect-header', 'd', 'max-time', 'connect-timeout',
                 'format'}
  unsupported = {'proto', 'protoset', 'import-path', 'cacert', 'cert', 'key', 'insecure',
                 'authority', 'unix', 'servername'}
  args = list(argv)
  while args and args[0].startswith('-') and args[0] != '-':
    arg = args.pop(0)
    if arg == '--':
      break
    name = arg.lstrip('-')
    value = None
    if '=' in name:
      name, value = name.split('=', 1)
    if name in unsupported:
      raise UsageError('-%s is not supported: this client uses server reflection only, in '
                       'plaintext' % name)
    if name in takes_value and value is None:
      if not args:
        raise UsageError('flag needs an argument: -%s' % name)
      value = args.pop(0)
    if name == 'plaintext':
      opts['plaintext'] = value in (None, 'true', '1')
    elif name == 'emit-defaults':
      opts['emit_defaults'] = value in (None, 'true', '1')
    elif name in ('H', 'rpc-header', 'reflect-header'):
      if ':' not in value:
        raise UsageError('header must be "name: value", got %r' % value)
      key, val = value.split(':', 1)
      opts['headers'].append((name, key.strip().lower(), val.strip()))
    elif name == 'd':
      opts['data'] = value
    elif name in ('max-time', 'connect-timeout'):
      try:
        seconds = float(value)
      except ValueError:
        raise UsageError('-%s wants seconds, got %r' % (name, value))
      opts['max_time' if name == 'max-time' else 'connect_timeout'] = seconds
    elif name == 'format':
      if value != 'json':
        raise UsageError('only -format json is supported')
    else:
      raise UsageError('flag provided but not defined: -%s' % name)
  if not args:
    raise UsageError('too few arguments: want HOST:PORT and list, describe or a method')
  opts['address'] = args.pop(0)
  if not args:
    raise UsageError('too few arguments: want list, describe or a method after %s' %
                     opts['address'])
  opts['verb'] = args.pop(0)
  if len(args) > 1 or (args and opts['verb'] not in ('list', 'describe')):
    raise UsageError('too many arguments: %s' % ' '.join(args))
  opts['symbol'] = args[0] if args else None
  if opts['data'] is not None and opts['verb'] in ('list', 'describe'):
    raise UsageError('the -d argument is not used with "%s"' % opts['verb'])
  return opts


def run(argv, stdin, stdout, stderr):
  """The whole command; returns the exit code."""
  try:
    opts = parse_args(argv)
  except UsageError as e:
    stderr.write('Usage error: %s\n' % e)
    return 2
  if not opts['plaintext']:
    stderr.write('Failed to dial target host "%s": this client speaks plaintext only (add '
                 '-plaintext)\n' % opts['address'])
    return 1
  rpc_md = [(k, v) for flag, k, v in opts['headers'] if flag in ('H', 'rpc-header')]
  reflect_md = [(k, v) for flag, k, v in opts['headers'] if flag in ('H', 'reflect-header')]
  data = opts['data']
  if data == '@':
    data = stdin.read()
  channel = grpc.insecure_channel(opts['address'])
  reflection = None
  try:
    try:
      grpc.channel_ready_future(channel).result(timeout=opts['connect_timeout'])
    except grpc.FutureTimeoutError:
      stderr.write('Failed to dial target host "%s": context deadline exceeded\n' %
                   opts['address'])
      return 1
    reflection = ReflectionClient(channel, reflect_md, opts['max_time'])
    verb = opts['verb']
    if verb == 'list':
      if opts['symbol'] is None:
        for name in reflection.list_services():
          stdout.write(name + '\n')
      else:
        reflection.file_containing_symbol(opts['symbol'])
        try:
          service = reflection.pool.FindServiceByName(opts['symbol'])
        except KeyError:
          raise ClientError('"%s" is not a service' % opts['symbol'])
        for name in sorted(method.name for method in service.methods):
          stdout.write('%s.%s\n' % (service.full_name, name))
      return 0
    if verb == 'describe':
      symbols = [opts['symbol']] if opts['symbol'] else reflection.list_services()
      stdout.write('\n'.join(describe_symbol(reflection, s.lstrip('.')) for s in symbols) + '\n')
      return 0
    result = invoke(channel, reflection, verb, data, rpc_md, opts['max_time'],
                    opts['emit_defaults'])
    for text in result.responses:
      stdout.write(text + '\n')
    if result.code != grpc.StatusCode.OK:
      stderr.write('ERROR:\n  Code: %s\n  Message: %s\n' %
                   (_GO_CODE_NAMES.get(result.code, str(result.code)), result.details))
      return _STATUS_EXIT_OFFSET + result.code.value[0]
    return 0
  except ClientError as e:
    stderr.write('Error: %s\n' % e)
    return 1
  except grpc.RpcError as e:
    stderr.write('Error: reflection: %s: %s\n' % (e.code().name, e.details()))
    return 1
  finally:
    if reflection is not None:
      reflection.close()
    channel.close()


def main():
  sys.exit(run(sys.argv[1:], sys.stdin, sys.stdout, sys.stderr))


if __name__ == '__main__':
  main()
