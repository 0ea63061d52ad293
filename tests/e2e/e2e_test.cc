// End to end, as a user runs it: the real `ingestor`, `query_service` and `vnnews-ingest`
// binaries on free ports over a temporary directory. The seeds go in over gRPC and every query
// of seeds.queries.json is asked of the query service; an acknowledged write survives kill -9
// of the ingestor; the query service restarts; SIGTERM stops both cleanly.
//
// Arguments (given by CMake): --ingestor=PATH --query_service=PATH --vnnews_ingest=PATH
// --vnnews_query=PATH --seeds_dir=DIR --queries=FILE --lexicon_dir=DIR.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/process.h"
#include "vnnews/v1/ingest.grpc.pb.h"
#include "vnnews/v1/query.grpc.pb.h"

namespace vnnews::testing {
namespace {

std::map<std::string, std::string>& Args() {
  static auto* args = new std::map<std::string, std::string>();
  return *args;
}
std::string Arg(const std::string& name) {
  auto it = Args().find(name);
  return it == Args().end() ? "" : it->second;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::unique_ptr<grpc::ClientContext> Deadline(
    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  return context;
}

std::string Basename(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// A fresh temporary directory, removed at the end.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/vnnews-e2e-XXXXXX";
    if (mkdtemp(pattern) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::unique_ptr<Process> StartIngestor(const std::string& db, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--db_path=" + db, "--listen=127.0.0.1:0",
                                   "--lexicon_dir=" + Arg("lexicon_dir")};
  args.insert(args.end(), extra.begin(), extra.end());
  return std::make_unique<Process>(Arg("ingestor"), args);
}

std::unique_ptr<Process> StartQueryService(const std::string& db, const std::string& secondary) {
  return std::make_unique<Process>(
      Arg("query_service"),
      std::vector<std::string>{"--db_path=" + db, "--secondary_path=" + secondary,
                               "--listen=127.0.0.1:0", "--lexicon_dir=" + Arg("lexicon_dir")});
}

// Ingests `paths` with vnnews-ingest; returns file name → id, and the highest sequence.
struct Ingested {
  std::map<std::string, std::string> ids;
  uint64_t sequence = 0;
  int exit_code = -1;
  std::string output;
};
Ingested RunIngestCli(const std::string& target, const std::vector<std::string>& paths,
                      const std::vector<std::string>& flags = {},
                      const std::vector<std::string>& env = {}) {
  std::vector<std::string> args = {"--target=" + target};
  args.insert(args.end(), flags.begin(), flags.end());
  args.insert(args.end(), paths.begin(), paths.end());
  Process cli(Arg("vnnews_ingest"), args, env);
  Ingested out;
  if (!cli.WaitFor(std::chrono::seconds(120))) {
    cli.Signal(SIGKILL);
    out.output = "vnnews-ingest did not finish";
    return out;
  }
  out.exit_code = cli.Wait();
  out.output = cli.Output();
  // Lines: "PATH ID created|unchanged sequence=N".
  for (const auto& line : cli.Lines()) {
    if (line.rfind("ERROR", 0) == 0) continue;
    std::vector<std::string> words;
    size_t start = 0;
    while (start <= line.size()) {
      const size_t space = line.find(' ', start);
      words.push_back(
          line.substr(start, space == std::string::npos ? std::string::npos : space - start));
      if (space == std::string::npos) break;
      start = space + 1;
    }
    if (words.size() != 4 || words[3].rfind("sequence=", 0) != 0) continue;
    out.ids[Basename(words[0])] = words[1];
    out.sequence = std::max<uint64_t>(out.sequence, std::stoull(words[3].substr(9)));
  }
  return out;
}

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name :
         {"ingestor", "query_service", "vnnews_ingest", "seeds_dir", "queries", "lexicon_dir"}) {
      ASSERT_FALSE(Arg(name).empty()) << "missing --" << name;
    }
    ASSERT_FALSE(dir_.path().empty());
    db_ = dir_.path() + "/db";
    secondary_ = dir_.path() + "/secondary";
    std::filesystem::create_directories(secondary_);
  }

  TempDir dir_;
  std::string db_;
  std::string secondary_;
};

// The seed files named in a query's "docs" (and "allow_extra").
std::set<std::string> Names(const google::protobuf::Struct& query, const char* field) {
  std::set<std::string> names;
  auto it = query.fields().find(field);
  if (it == query.fields().end()) return names;
  for (const auto& value : it->second.list_value().values()) names.insert(value.string_value());
  return names;
}
std::string Field(const google::protobuf::Struct& query, const char* field) {
  auto it = query.fields().find(field);
  return it == query.fields().end() ? "" : it->second.string_value();
}

TEST_F(EndToEndTest, SeedsAnswerEveryQueryOfTheEvaluation) {
  auto ingestor = StartIngestor(db_);
  const std::string ingest_address = ingestor->WaitForAddress();
  ASSERT_FALSE(ingest_address.empty()) << ingestor->Output();
  auto query_service = StartQueryService(db_, secondary_);
  const std::string query_address = query_service->WaitForAddress();
  ASSERT_FALSE(query_address.empty()) << query_service->Output();

  const Ingested ingested = RunIngestCli(ingest_address, {Arg("seeds_dir")});
  ASSERT_EQ(ingested.exit_code, 0) << ingested.output;
  ASSERT_EQ(ingested.ids.size(), 5u) << ingested.output;
  std::map<std::string, std::string> name_of;  // id → seed file name
  for (const auto& [name, id] : ingested.ids) name_of[id] = name;

  google::protobuf::Struct queries;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadFile(Arg("queries")), &queries).ok());
  const auto& list = queries.fields().at("queries").list_value().values();
  ASSERT_GT(list.size(), 20);

  auto channel = grpc::CreateChannel(query_address, grpc::InsecureChannelCredentials());
  auto stub = v1::QueryService::NewStub(channel);
  int asked = 0;
  for (const auto& value : list) {
    const google::protobuf::Struct& query = value.struct_value();
    const std::string rpc = Field(query, "rpc");
    SCOPED_TRACE(rpc + " " + Field(query, "query") + Field(query, "from") + " " +
                 Field(query, "to") + " " + Field(query, "mode"));
    grpc::Status status;
    google::protobuf::RepeatedPtrField<v1::ArticleResult> results;
    auto context = Deadline();
    if (rpc == "by_person") {
      v1::ListArticlesByPersonRequest request;
      request.set_name(Field(query, "query"));
      request.set_page_size(1000);
      request.set_min_sequence(ingested.sequence);
      v1::ListArticlesByPersonResponse response;
      status = stub->ListArticlesByPerson(context.get(), request, &response);
      results = response.results();
    } else if (rpc == "by_date") {
      v1::ListArticlesByDateRequest request;
      request.mutable_date_range()->set_from(Field(query, "from"));
      request.mutable_date_range()->set_to(Field(query, "to"));
      if (Field(query, "mode") == "any_mention") request.set_field(v1::DATE_FIELD_ANY_MENTION);
      request.set_page_size(1000);
      request.set_min_sequence(ingested.sequence);
      v1::ListArticlesByDateResponse response;
      status = stub->ListArticlesByDate(context.get(), request, &response);
      results = response.results();
    } else if (rpc == "by_topic") {
      v1::ListArticlesByTopicRequest request;
      request.set_topic_id(Field(query, "query"));
      request.set_page_size(1000);
      request.set_min_sequence(ingested.sequence);
      v1::ListArticlesByTopicResponse response;
      status = stub->ListArticlesByTopic(context.get(), request, &response);
      results = response.results();
    } else {
      ADD_FAILURE() << "unknown rpc " << rpc;
      continue;
    }
    ++asked;
    ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
    std::set<std::string> got;
    for (const auto& result : results) {
      // Docs by seed file name: through source_uri, checked against the id vnnews-ingest got.
      const std::string name = Basename(result.summary().source_uri());
      EXPECT_EQ(name_of[result.summary().id()], name);
      got.insert(name);
    }
    const std::set<std::string> want = Names(query, "docs");
    const std::set<std::string> extra = Names(query, "allow_extra");
    for (const auto& name : want) EXPECT_TRUE(got.count(name)) << "missing " << name;
    for (const auto& name : got) {
      EXPECT_TRUE(want.count(name) || extra.count(name)) << "unexpected " << name;
    }
  }
  EXPECT_EQ(asked, static_cast<int>(list.size()));

  // The CLI the README uses prints the answer as JSON.
  if (!Arg("vnnews_query").empty()) {
    Process cli(Arg("vnnews_query"),
                {"--target=" + query_address, "person", "Phạm", "Bình", "Minh"});
    ASSERT_TRUE(cli.WaitFor(std::chrono::seconds(30)).has_value());
    EXPECT_EQ(cli.Wait(), 0) << cli.Output();
    EXPECT_NE(cli.Output().find("\"results\""), std::string::npos) << cli.Output();
    EXPECT_NE(cli.Output().find(ingested.ids.at("000_c3244db55ca1ddb1.txt")), std::string::npos);
  }

  // SIGTERM: both stop cleanly.
  query_service->Signal(SIGTERM);
  ingestor->Signal(SIGTERM);
  const auto query_exit = query_service->WaitFor(std::chrono::seconds(20));
  const auto ingest_exit = ingestor->WaitFor(std::chrono::seconds(20));
  ASSERT_TRUE(query_exit.has_value()) << "query_service did not stop on SIGTERM";
  ASSERT_TRUE(ingest_exit.has_value()) << "ingestor did not stop on SIGTERM";
  EXPECT_EQ(*query_exit, 0) << query_service->Output();
  EXPECT_EQ(*ingest_exit, 0) << ingestor->Output();
}

// A distinct article per `i`: a seed's text with a line of its own.
std::string Article(const std::vector<std::string>& seeds, int i) {
  return seeds[i % seeds.size()] + "\nTin bổ sung số " + std::to_string(i) + ": ngày " +
         std::to_string(1 + i % 28) + "/" + std::to_string(1 + i % 12) + "/2021.\n";
}

std::vector<std::string> SeedTexts() {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(Arg("seeds_dir"))) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> texts;
  for (const auto& path : paths) texts.push_back(ReadFile(path));
  return texts;
}

TEST_F(EndToEndTest, AcknowledgedWritesSurviveKill9OfTheIngestor) {
  auto ingestor = StartIngestor(db_);
  const std::string address = ingestor->WaitForAddress();
  ASSERT_FALSE(address.empty()) << ingestor->Output();
  const std::vector<std::string> seeds = SeedTexts();
  ASSERT_EQ(seeds.size(), 5u);

  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto stub = v1::IngestService::NewStub(channel);
  auto context = Deadline(std::chrono::seconds(120));
  auto stream = stub->IngestArticles(context.get());
  std::atomic<bool> stop_writing{false};
  std::thread writer([&] {
    for (int i = 0; i < 1000000 && !stop_writing; ++i) {
      v1::IngestArticleRequest request;
      request.set_text(Article(seeds, i));
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  // Read acknowledgements; kill -9 once 200 are in, while the stream is still going.
  std::vector<std::string> acknowledged;
  v1::IngestArticlesResponse answer;
  bool killed = false;
  bool article_failed = false;
  while (stream->Read(&answer)) {
    if (answer.error_code() != 0) {
      ADD_FAILURE() << "article " << answer.index() << ": " << answer.error_message();
      article_failed = true;
      context->TryCancel();
      break;
    }
    acknowledged.push_back(answer.result().id());
    if (acknowledged.size() == 200 && !killed) {
      ingestor->Signal(SIGKILL);
      killed = true;
    }
  }
  stop_writing = true;
  if (!killed) context->TryCancel();
  writer.join();
  EXPECT_FALSE(stream->Finish().ok()) << "the stream ended before the kill";
  ASSERT_FALSE(article_failed);
  ASSERT_TRUE(killed) << "the stream ended before 200 articles were acknowledged";
  EXPECT_EQ(ingestor->Wait(), 128 + SIGKILL);
  ASSERT_GE(acknowledged.size(), 200u);

  // Restart on the same directory; every acknowledged id is there.
  auto restarted = StartIngestor(db_);
  ASSERT_FALSE(restarted->WaitForAddress().empty()) << restarted->Output();
  auto query_service = StartQueryService(db_, secondary_);
  const std::string query_address = query_service->WaitForAddress();
  ASSERT_FALSE(query_address.empty()) << query_service->Output();
  auto query_channel = grpc::CreateChannel(query_address, grpc::InsecureChannelCredentials());
  auto query = v1::QueryService::NewStub(query_channel);
  size_t missing = 0;
  for (const auto& id : acknowledged) {
    v1::GetArticleRequest request;
    request.set_id(id);
    v1::Article article;
    auto get_context = Deadline();
    const grpc::Status status = query->GetArticle(get_context.get(), request, &article);
    if (!status.ok()) {
      ++missing;
      ADD_FAILURE() << "acknowledged " << id << " is gone: " << status.error_message();
      if (missing > 5) break;
    }
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged";
  restarted->Signal(SIGTERM);
  query_service->Signal(SIGTERM);
  EXPECT_EQ(restarted->Wait(), 0);
  EXPECT_EQ(query_service->Wait(), 0);
}

TEST_F(EndToEndTest, QueryServiceRestartsAndFollowsNewWrites) {
  auto ingestor = StartIngestor(db_, {"--seed_dir=" + Arg("seeds_dir")});
  const std::string ingest_address = ingestor->WaitForAddress();
  ASSERT_FALSE(ingest_address.empty()) << ingestor->Output();

  auto by_person = [](const std::string& address, const std::string& name, uint64_t sequence) {
    auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
    auto stub = v1::QueryService::NewStub(channel);
    v1::ListArticlesByPersonRequest request;
    request.set_name(name);
    request.set_min_sequence(sequence);
    v1::ListArticlesByPersonResponse response;
    auto context = Deadline();
    const grpc::Status status = stub->ListArticlesByPerson(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.results_size();
  };

  for (int run = 0; run < 2; ++run) {
    SCOPED_TRACE(run == 0 ? "first start" : "after a restart on the same secondary_path");
    auto query_service = StartQueryService(db_, secondary_);
    const std::string address = query_service->WaitForAddress();
    ASSERT_FALSE(address.empty()) << query_service->Output();
    EXPECT_EQ(by_person(address, "Phạm Bình Minh", 0), 2);
    query_service->Signal(run == 0 ? SIGTERM : SIGINT);
    EXPECT_EQ(query_service->Wait(), 0) << query_service->Output();
  }
  // Killed hard, it restarts as well, and follows a write made while it was down.
  {
    auto query_service = StartQueryService(db_, secondary_);
    ASSERT_FALSE(query_service->WaitForAddress().empty());
    query_service->Signal(SIGKILL);
    query_service->Wait();
  }
  const std::string text =
      "Hà Nội - Sáng 12/3/2024, Bộ trưởng Lê Thanh Hòa tiếp đoàn chuyên gia về y tế.\n";
  auto channel = grpc::CreateChannel(ingest_address, grpc::InsecureChannelCredentials());
  auto stub = v1::IngestService::NewStub(channel);
  v1::IngestArticleRequest request;
  request.set_text(text);
  v1::IngestArticleResponse written;
  auto context = Deadline();
  ASSERT_TRUE(stub->IngestArticle(context.get(), request, &written).ok());
  auto query_service = StartQueryService(db_, secondary_);
  const std::string address = query_service->WaitForAddress();
  ASSERT_FALSE(address.empty()) << query_service->Output();
  EXPECT_EQ(by_person(address, "Lê Thanh Hòa", written.sequence()), 1);

  // --health_probe, as docker-compose runs it: 0 while serving, 1 once stopped.
  Process probe(Arg("query_service"), {"--health_probe=" + address});
  ASSERT_TRUE(probe.WaitFor(std::chrono::seconds(10)).has_value());
  EXPECT_EQ(probe.Wait(), 0) << probe.Output();
  query_service->Signal(SIGTERM);
  EXPECT_EQ(query_service->Wait(), 0);
  Process probe_down(Arg("ingestor"), {"--health_probe=" + address});
  ASSERT_TRUE(probe_down.WaitFor(std::chrono::seconds(10)).has_value());
  EXPECT_EQ(probe_down.Wait(), 1);
  ingestor->Signal(SIGTERM);
  EXPECT_EQ(ingestor->Wait(), 0);
}

TEST_F(EndToEndTest, IngestorWithATokenRefusesWritesWithoutIt) {
  auto ingestor = StartIngestor(db_, {"--token=e2e-secret"});
  const std::string address = ingestor->WaitForAddress();
  ASSERT_FALSE(address.empty()) << ingestor->Output();
  const std::string seed = Arg("seeds_dir") + "/000_c3244db55ca1ddb1.txt";

  const Ingested refused = RunIngestCli(address, {seed});
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("authorization"), std::string::npos) << refused.output;
  EXPECT_TRUE(refused.ids.empty());

  const Ingested with_flag = RunIngestCli(address, {seed}, {"--token=e2e-secret"});
  EXPECT_EQ(with_flag.exit_code, 0) << with_flag.output;
  EXPECT_EQ(with_flag.ids.size(), 1u);
  const Ingested with_env = RunIngestCli(address, {seed}, {}, {"VNNEWS_INGEST_TOKEN=e2e-secret"});
  EXPECT_EQ(with_env.exit_code, 0) << with_env.output;
  EXPECT_NE(with_env.output.find("unchanged"), std::string::npos) << with_env.output;

  ingestor->Signal(SIGTERM);
  EXPECT_EQ(ingestor->Wait(), 0);
}

}  // namespace
}  // namespace vnnews::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) continue;
    const size_t eq = arg.find('=');
    if (eq == std::string::npos) continue;
    vnnews::testing::Args()[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
  }
  return RUN_ALL_TESTS();
}
