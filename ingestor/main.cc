// The ingestor: the store's only writer, serving IngestService over gRPC.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "ingestor/ingest_service.h"
#include "vnnews/extract/extractor.h"
#include "vnnews/server/health_probe.h"
#include "vnnews/server/server.h"
#include "vnnews/store/store.h"

ABSL_FLAG(std::string, db_path, "./data/db", "RocksDB directory of the store (created if missing)");
ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve on; port 0 picks a free one (printed as \"listening on\")");
ABSL_FLAG(std::string, seed_dir, "",
          "directory whose *.txt files are ingested at start (idempotently); empty for none");
ABSL_FLAG(int64_t, max_article_bytes, 4 * 1024 * 1024, "largest article text accepted, bytes");
ABSL_FLAG(int64_t, max_message_bytes, 16 * 1024 * 1024,
          "largest gRPC message, bytes (raised to fit --max_article_bytes when needed)");
ABSL_FLAG(std::string, token, "",
          "when set (or $VNNEWS_INGEST_TOKEN), every call needs \"authorization: Bearer <token>\"");
ABSL_FLAG(std::string, lexicon_dir, "", "dictionaries of the extractor; empty for the default");
ABSL_FLAG(bool, sync_writes, false,
          "fsync the WAL on every write (survives a machine crash, not only kill -9)");
ABSL_FLAG(std::string, health_probe, "",
          "probe grpc.health.v1 on this host:port and exit 0 if SERVING, 1 otherwise");

namespace {

int Run() {
  namespace server = vnnews::server;
  if (const std::string probe = absl::GetFlag(FLAGS_health_probe); !probe.empty()) {
    return server::ProbeHealthExitCode(probe);
  }
  server::InstallShutdownSignalHandlers();

  std::string lexicon_dir = absl::GetFlag(FLAGS_lexicon_dir);
  if (lexicon_dir.empty()) lexicon_dir = vnnews::extract::DefaultLexiconDir();
  auto extractor = vnnews::extract::Extractor::Load(lexicon_dir);
  if (!extractor.ok()) {
    std::fprintf(stderr, "ingestor: lexicon_dir %s: %s\n", lexicon_dir.c_str(),
                 extractor.status().ToString().c_str());
    return 1;
  }
  vnnews::store::StoreOptions store_options;
  store_options.path = absl::GetFlag(FLAGS_db_path);
  store_options.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  auto store = vnnews::store::Store::Open(store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "ingestor: db_path %s: %s\n", store_options.path.c_str(),
                 store.status().ToString().c_str());
    return 1;
  }

  vnnews::ingestor::IngestServiceOptions options;
  const int64_t max_article_bytes = absl::GetFlag(FLAGS_max_article_bytes);
  if (max_article_bytes <= 0) {
    std::fprintf(stderr, "ingestor: max_article_bytes: must be positive, got %lld\n",
                 static_cast<long long>(max_article_bytes));
    return 1;
  }
  options.max_article_bytes = static_cast<size_t>(max_article_bytes);
  options.token = absl::GetFlag(FLAGS_token);
  if (options.token.empty()) {
    if (const char* env = std::getenv("VNNEWS_INGEST_TOKEN"); env != nullptr) options.token = env;
  }
  vnnews::ingestor::IngestService service(store->get(), extractor->get(), options);

  if (const std::string seed_dir = absl::GetFlag(FLAGS_seed_dir); !seed_dir.empty()) {
    auto results = service.IngestDirectory(seed_dir);
    if (!results.ok()) {
      std::fprintf(stderr, "ingestor: %s\n", results.status().ToString().c_str());
      return 1;
    }
    for (const auto& file : *results) {
      if (file.result.ok()) {
        std::fprintf(stderr, "seed %s: id %s %s, sequence %llu\n", file.path.c_str(),
                     file.result->id().c_str(), file.result->created() ? "created" : "unchanged",
                     static_cast<unsigned long long>(file.result->sequence()));
      } else {
        std::fprintf(stderr, "seed %s: %s\n", file.path.c_str(),
                     file.result.status().ToString().c_str());
      }
    }
  }

  server::ServerOptions server_options;
  server_options.listen = absl::GetFlag(FLAGS_listen);
  int64_t max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  // An article at the size limit must still arrive, to get the article-size error by name.
  if (max_message_bytes < max_article_bytes + 64 * 1024) {
    max_message_bytes = max_article_bytes + 64 * 1024;
  }
  if (max_message_bytes > INT32_MAX) max_message_bytes = INT32_MAX;
  server_options.max_message_bytes = static_cast<int>(max_message_bytes);
  auto started = server::StartServer(server_options, {&service});
  if (!started.ok()) {
    std::fprintf(stderr, "ingestor: %s\n", started.status().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "ingestor: db %s, listening on %s\n", store_options.path.c_str(),
               started->address.c_str());
  std::fflush(stderr);

  const int signo = server::WaitForShutdownSignal();
  std::fprintf(stderr, "ingestor: signal %d, shutting down\n", signo);
  server::ShutdownServer(*started->server);
  started->server.reset();
  store->reset();
  std::fprintf(stderr, "ingestor: stopped\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Serves vnnews.v1.IngestService: extracts records from Vietnamese news articles and "
      "stores them in RocksDB.\nUsage: ingestor --db_path=DIR --listen=HOST:PORT "
      "[--seed_dir=DIR] [--token=T]");
  absl::ParseCommandLine(argc, argv);
  return Run();
}
