// The services of a test, as a user meets them: a real RocksDB in a fresh temporary directory,
// the ingestor's IngestService over the primary and the QueryService over a secondary of the
// same directory, each on a real gRPC server bound to 127.0.0.1:0, and stubs whose every call
// carries a deadline.
#ifndef VNNEWS_TESTS_SERVICES_SERVICE_ENV_H_
#define VNNEWS_TESTS_SERVICES_SERVICE_ENV_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "ingestor/ingest_service.h"
#include "query_service/query_service.h"
#include "vnnews/extract/extractor.h"
#include "vnnews/server/server.h"
#include "vnnews/store/store.h"
#include "vnnews/v1/ingest.grpc.pb.h"
#include "vnnews/v1/query.grpc.pb.h"

namespace vnnews::testing {

// Reads a whole file (empty when it cannot be read: the test then fails on its content).
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The seed files, sorted by name.
inline std::vector<std::string> SeedFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(VNNEWS_SEEDS_DIR)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A context whose call ends after `timeout` at the latest.
inline std::unique_ptr<grpc::ClientContext> Deadline(
    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  return context;
}

struct ServiceEnvOptions {
  // Passed to the ingest service (token, size limit).
  ingestor::IngestServiceOptions ingest;
  // Passed to the query service.
  query::QueryServiceOptions query;
};

class ServiceEnv {
 public:
  explicit ServiceEnv(ServiceEnvOptions options = {}) {
    char pattern[] = "/tmp/vnnews-services-test-XXXXXX";
    const char* dir = mkdtemp(pattern);
    if (dir == nullptr) {
      ADD_FAILURE() << "mkdtemp failed";
      return;
    }
    dir_ = dir;
    auto extractor = extract::Extractor::Load(extract::DefaultLexiconDir());
    if (!extractor.ok()) {
      ADD_FAILURE() << "loading the lexicon: " << extractor.status();
      return;
    }
    extractor_ = std::move(*extractor);
    store::StoreOptions store_options;
    store_options.path = dir_ + "/db";
    auto store = store::Store::Open(store_options);
    if (!store.ok()) {
      ADD_FAILURE() << "opening the store: " << store.status();
      return;
    }
    store_ = std::move(*store);
    ingest_ =
        std::make_unique<ingestor::IngestService>(store_.get(), extractor_.get(), options.ingest);
    auto ingest_server = server::StartServer({}, {ingest_.get()});
    if (!ingest_server.ok()) {
      ADD_FAILURE() << "starting the ingestor: " << ingest_server.status();
      return;
    }
    ingest_server_ = std::move(*ingest_server);

    std::filesystem::create_directories(dir_ + "/secondary");
    store::ReaderOptions reader_options;
    reader_options.path = store_options.path;
    reader_options.secondary_path = dir_ + "/secondary";
    auto reader = store::Reader::OpenSecondary(reader_options);
    if (!reader.ok()) {
      ADD_FAILURE() << "opening the secondary: " << reader.status();
      return;
    }
    reader_ = std::move(*reader);
    query_ =
        std::make_unique<query::QueryService>(reader_.get(), extractor_->topics(), options.query);
    auto query_server = server::StartServer({}, {query_.get()});
    if (!query_server.ok()) {
      ADD_FAILURE() << "starting the query service: " << query_server.status();
      return;
    }
    query_server_ = std::move(*query_server);

    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(64 * 1024 * 1024);
    ingest_channel_ =
        grpc::CreateCustomChannel(ingest_server_.address, grpc::InsecureChannelCredentials(), args);
    query_channel_ = grpc::CreateChannel(query_server_.address, grpc::InsecureChannelCredentials());
    ingest_stub_ = v1::IngestService::NewStub(ingest_channel_);
    query_stub_ = v1::QueryService::NewStub(query_channel_);
    ok_ = true;
  }

  ~ServiceEnv() {
    if (query_server_.server) server::ShutdownServer(*query_server_.server, absl::Seconds(1));
    if (ingest_server_.server) server::ShutdownServer(*ingest_server_.server, absl::Seconds(1));
    query_server_.server.reset();
    ingest_server_.server.reset();
    query_.reset();
    reader_.reset();
    ingest_.reset();
    store_.reset();
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
  }

  bool ok() const { return ok_; }
  v1::IngestService::Stub& ingest() { return *ingest_stub_; }
  v1::QueryService::Stub& query() { return *query_stub_; }
  store::Store& store() { return *store_; }
  const std::shared_ptr<grpc::Channel>& ingest_channel() { return ingest_channel_; }
  const std::shared_ptr<grpc::Channel>& query_channel() { return query_channel_; }
  const std::string& dir() const { return dir_; }

  // Ingests `text` (with source_uri `uri`) and returns the answer; fails the test on error.
  v1::IngestArticleResponse Ingest(const std::string& text, const std::string& uri = "",
                                   const std::string& token = "") {
    v1::IngestArticleRequest request;
    request.set_text(text);
    request.set_source_uri(uri);
    v1::IngestArticleResponse response;
    auto context = Deadline();
    if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
    const grpc::Status status = ingest().IngestArticle(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
    return response;
  }

  // Ingests every seed file; returns the answers in file order.
  std::vector<v1::IngestArticleResponse> IngestSeeds() {
    std::vector<v1::IngestArticleResponse> answers;
    for (const auto& path : SeedFiles()) answers.push_back(Ingest(ReadFile(path), path));
    return answers;
  }

  // Ids of every stored article, read through the query service at `min_sequence`.
  std::vector<std::string> ListIds(uint64_t min_sequence) {
    std::vector<std::string> ids;
    v1::ListArticlesRequest request;
    request.set_page_size(1000);
    request.set_min_sequence(min_sequence);
    v1::ListArticlesResponse response;
    auto context = Deadline();
    const grpc::Status status = query().ListArticles(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const auto& result : response.results()) ids.push_back(result.summary().id());
    std::sort(ids.begin(), ids.end());
    return ids;
  }

 private:
  bool ok_ = false;
  std::string dir_;
  std::unique_ptr<extract::Extractor> extractor_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ingestor::IngestService> ingest_;
  server::StartedServer ingest_server_;
  std::unique_ptr<store::Reader> reader_;
  std::unique_ptr<query::QueryService> query_;
  server::StartedServer query_server_;
  std::shared_ptr<grpc::Channel> ingest_channel_;
  std::shared_ptr<grpc::Channel> query_channel_;
  std::unique_ptr<v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<v1::QueryService::Stub> query_stub_;
};

}  // namespace vnnews::testing

#endif  // VNNEWS_TESTS_SERVICES_SERVICE_ENV_H_
