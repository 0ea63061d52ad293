// The query service: answers vnnews.v1.QueryService over the ingestor's store, opened as a
// RocksDB secondary (it never writes).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "query_service/query_service.h"
#include "vnnews/extract/extractor.h"
#include "vnnews/extract/topics.h"
#include "vnnews/server/health_probe.h"
#include "vnnews/server/server.h"
#include "vnnews/store/store.h"

ABSL_FLAG(std::string, db_path, "./data/db",
          "the ingestor's RocksDB directory (read only; it may be mounted read-only)");
ABSL_FLAG(std::string, secondary_path, "",
          "writable directory for the secondary's own files; empty for a fresh temp dir");
ABSL_FLAG(std::string, listen, "127.0.0.1:50052",
          "host:port to serve on; port 0 picks a free one (printed as \"listening on\")");
ABSL_FLAG(std::string, lexicon_dir, "", "dictionaries (for the topic list); empty for the default");
ABSL_FLAG(int, catch_up_interval_ms, 100, "how often to catch up with the ingestor, ms");
ABSL_FLAG(int64_t, max_message_bytes, 16 * 1024 * 1024, "largest gRPC message, bytes");
ABSL_FLAG(int, open_timeout_s, 60,
          "how long to wait at start for the ingestor to create the database, seconds");
ABSL_FLAG(std::string, health_probe, "",
          "probe grpc.health.v1 on this host:port and exit 0 if SERVING, 1 otherwise");

namespace {

int Run() {
  namespace server = vnnews::server;
  if (const std::string probe = absl::GetFlag(FLAGS_health_probe); !probe.empty()) {
    return server::ProbeHealthExitCode(probe);
  }
  server::InstallShutdownSignalHandlers();

  // The taxonomy (topic ids and labels) is all the query service needs of the dictionaries.
  std::string lexicon_dir = absl::GetFlag(FLAGS_lexicon_dir);
  if (lexicon_dir.empty()) lexicon_dir = vnnews::extract::DefaultLexiconDir();
  auto classifier = vnnews::extract::TopicClassifier::Load(lexicon_dir);
  if (!classifier.ok()) {
    std::fprintf(stderr, "query_service: lexicon_dir %s: %s\n", lexicon_dir.c_str(),
                 classifier.status().ToString().c_str());
    return 1;
  }
  std::vector<vnnews::v1::Topic> topics = (*classifier)->topics();
  classifier->reset();

  vnnews::store::ReaderOptions reader_options;
  reader_options.path = absl::GetFlag(FLAGS_db_path);
  reader_options.secondary_path = absl::GetFlag(FLAGS_secondary_path);
  std::string temp_dir;
  if (reader_options.secondary_path.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "vnnews-secondary-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("query_service: secondary_path: mkdtemp");
      return 1;
    }
    temp_dir = pattern;
    reader_options.secondary_path = temp_dir;
  }

  // The ingestor may still be creating the database (both start together under compose).
  absl::StatusOr<std::unique_ptr<vnnews::store::Reader>> reader;
  const absl::Time give_up = absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_open_timeout_s));
  bool said_waiting = false;
  while (true) {
    reader = vnnews::store::Reader::OpenSecondary(reader_options);
    if (reader.ok() || absl::Now() >= give_up || absl::IsFailedPrecondition(reader.status())) {
      break;
    }
    if (!said_waiting) {
      std::fprintf(stderr, "query_service: waiting for the database at %s (%s)\n",
                   reader_options.path.c_str(), reader.status().ToString().c_str());
      said_waiting = true;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  if (!reader.ok()) {
    std::fprintf(stderr, "query_service: db_path %s: %s\n", reader_options.path.c_str(),
                 reader.status().ToString().c_str());
    return 1;
  }

  vnnews::query::QueryServiceOptions options;
  options.catch_up_interval = absl::Milliseconds(absl::GetFlag(FLAGS_catch_up_interval_ms));
  int exit_code = 0;
  {
    vnnews::query::QueryService service(reader->get(), std::move(topics), options);
    server::ServerOptions server_options;
    server_options.listen = absl::GetFlag(FLAGS_listen);
    server_options.max_message_bytes =
        static_cast<int>(std::min<int64_t>(absl::GetFlag(FLAGS_max_message_bytes), INT32_MAX));
    auto started = server::StartServer(server_options, {&service});
    if (!started.ok()) {
      std::fprintf(stderr, "query_service: %s\n", started.status().ToString().c_str());
      exit_code = 1;
    } else {
      std::fprintf(stderr, "query_service: db %s (secondary files in %s), listening on %s\n",
                   reader_options.path.c_str(), reader_options.secondary_path.c_str(),
                   started->address.c_str());
      std::fflush(stderr);
      const int signo = server::WaitForShutdownSignal();
      std::fprintf(stderr, "query_service: signal %d, shutting down\n", signo);
      service.BeginShutdown();
      server::ShutdownServer(*started->server);
    }
  }
  reader->reset();
  if (!temp_dir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(temp_dir, ignored);
  }
  if (exit_code == 0) std::fprintf(stderr, "query_service: stopped\n");
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Serves vnnews.v1.QueryService over the ingestor's store (read as a RocksDB "
      "secondary).\nUsage: query_service --db_path=DIR --listen=HOST:PORT");
  absl::ParseCommandLine(argc, argv);
  return Run();
}
