// IngestService over a real gRPC server and a real RocksDB: writes, idempotency, delete, the
// stream, and every bad write getting the right code, a message naming the field, and leaving
// the store as it was.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "tests/services/service_env.h"

namespace vnnews::testing {
namespace {

using v1::IngestArticleRequest;
using v1::IngestArticleResponse;

// What a user sees of the store: the latest sequence and every stored id.
struct StoreState {
  uint64_t sequence = 0;
  std::vector<std::string> ids;
  bool operator==(const StoreState& other) const {
    return sequence == other.sequence && ids == other.ids;
  }
};

StoreState State(ServiceEnv& env) {
  StoreState state;
  state.sequence = env.store().LatestSequence();
  state.ids = env.ListIds(state.sequence);
  return state;
}

grpc::Status CallIngest(ServiceEnv& env, const IngestArticleRequest& request,
                        IngestArticleResponse* response, const std::string& auth = "") {
  auto context = Deadline();
  if (!auth.empty()) context->AddMetadata("authorization", auth);
  return env.ingest().IngestArticle(context.get(), request, response);
}

// Expects `status` to be `code` with a message starting with `prefix`.
void ExpectError(const grpc::Status& status, grpc::StatusCode code, const std::string& prefix) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  EXPECT_TRUE(absl::StartsWith(status.error_message(), prefix))
      << "message \"" << status.error_message() << "\" does not start with \"" << prefix << "\"";
}

class IngestServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(env_.ok()); }
  ServiceEnv env_;
};

TEST_F(IngestServiceTest, IngestAnswersIdSequenceAndExtraction) {
  const auto seeds = SeedFiles();
  ASSERT_EQ(seeds.size(), 5u);
  const IngestArticleResponse answer = env_.Ingest(ReadFile(seeds[0]), seeds[0]);
  EXPECT_EQ(answer.id().size(), 16u) << "a content id is 16 hex characters";
  EXPECT_TRUE(answer.created());
  EXPECT_GT(answer.sequence(), 0u);
  EXPECT_FALSE(answer.title().empty());
  EXPECT_GT(answer.person_count(), 0);
  EXPECT_GT(answer.date_count(), 0);

  v1::GetArticleRequest get;
  get.set_id(answer.id());
  get.set_min_sequence(answer.sequence());
  v1::Article article;
  auto context = Deadline();
  ASSERT_TRUE(env_.query().GetArticle(context.get(), get, &article).ok());
  EXPECT_EQ(article.id(), answer.id());
  EXPECT_EQ(article.source_uri(), seeds[0]);
  EXPECT_TRUE(absl::StrContains(article.body(), "Phạm Bình Minh"));
}

TEST_F(IngestServiceTest, ReingestingTheSameTextIsIdempotent) {
  const std::string text = ReadFile(SeedFiles()[1]);
  const IngestArticleResponse first = env_.Ingest(text, "a.txt");
  const StoreState before = State(env_);
  const IngestArticleResponse second = env_.Ingest(text, "a.txt");
  EXPECT_EQ(second.id(), first.id());
  EXPECT_FALSE(second.created());
  EXPECT_EQ(second.sequence(), first.sequence()) << "nothing was written";
  EXPECT_TRUE(State(env_) == before);
  // The same text in another Unicode form and line-ending style is the same article.
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  EXPECT_EQ(env_.Ingest(crlf, "a.txt").id(), first.id());
}

TEST_F(IngestServiceTest, ClientChosenId) {
  IngestArticleRequest request;
  request.set_text(ReadFile(SeedFiles()[2]));
  request.set_id("my-article-1");
  IngestArticleResponse response;
  ASSERT_TRUE(CallIngest(env_, request, &response).ok());
  EXPECT_EQ(response.id(), "my-article-1");
  EXPECT_EQ(env_.ListIds(response.sequence()), std::vector<std::string>{"my-article-1"});
}

TEST_F(IngestServiceTest, DeleteRemovesTheArticleAndItsIndexEntries) {
  const auto answers = env_.IngestSeeds();
  const std::string id = answers[0].id();  // the one naming Motegi
  v1::DeleteArticleRequest request;
  request.set_id(id);
  v1::DeleteArticleResponse response;
  auto context = Deadline();
  const grpc::Status status = env_.ingest().DeleteArticle(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.id(), id);
  EXPECT_GT(response.sequence(), answers.back().sequence());

  v1::GetArticleRequest get;
  get.set_id(id);
  get.set_min_sequence(response.sequence());
  v1::Article article;
  auto get_context = Deadline();
  ExpectError(env_.query().GetArticle(get_context.get(), get, &article),
              grpc::StatusCode::NOT_FOUND, "id: ");

  v1::ListArticlesByPersonRequest by_person;
  by_person.set_name("Motegi");
  by_person.set_min_sequence(response.sequence());
  v1::ListArticlesByPersonResponse persons;
  auto person_context = Deadline();
  ASSERT_TRUE(env_.query().ListArticlesByPerson(person_context.get(), by_person, &persons).ok());
  EXPECT_EQ(persons.results_size(), 0) << "an index entry of the deleted article is left";
  EXPECT_EQ(env_.ListIds(response.sequence()).size(), 4u);

  // Deleting it again: NOT_FOUND, naming the id.
  auto again = Deadline();
  ExpectError(env_.ingest().DeleteArticle(again.get(), request, &response),
              grpc::StatusCode::NOT_FOUND, "id: ");
}

TEST_F(IngestServiceTest, BadArticlesAreRejectedByFieldAndLeaveTheStoreAsItWas) {
  env_.Ingest(ReadFile(SeedFiles()[0]), "seed0");
  const StoreState before = State(env_);

  struct Case {
    std::string name;
    IngestArticleRequest request;
    std::string prefix;
  };
  std::vector<Case> cases;
  auto add = [&](std::string name, std::string text, std::string prefix) {
    Case c{std::move(name), {}, std::move(prefix)};
    c.request.set_text(std::move(text));
    cases.push_back(std::move(c));
    return &cases.back().request;
  };
  add("invalid UTF-8", std::string("Hà Nội \xC3\x28 ngày 1/6/2020"), "text: ");
  add("overlong UTF-8", std::string("abc \xC0\xAF def"), "text: ");
  add("empty", "", "text: required");
  add("only whitespace and invisible characters", " \n\t\xE2\x80\x8B \r\n", "text: ");
  add("bad id", "Hà Nội, ngày 1/6/2020.", "id: ")->set_id("has space");
  add("id too long", "Hà Nội, ngày 1/6/2020.", "id: ")->set_id(std::string(129, 'x'));
  add("malformed publication date", "Hà Nội, ngày 1/6/2020.", "publication_date: ")
      ->set_publication_date("2020-13-45");
  add("publication date not a day", "Hà Nội, ngày 1/6/2020.", "publication_date: ")
      ->set_publication_date("1/6/2020");
  add("invalid UTF-8 title", "Hà Nội, ngày 1/6/2020.", "title: ")->set_title("\xFF");

  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    IngestArticleResponse response;
    ExpectError(CallIngest(env_, c.request, &response), grpc::StatusCode::INVALID_ARGUMENT,
                c.prefix);
  }
  EXPECT_TRUE(State(env_) == before);
}

TEST_F(IngestServiceTest, ArticleOverTheSizeLimit) {
  const StoreState before = State(env_);
  const size_t limit = ingestor::IngestServiceOptions{}.max_article_bytes;
  ASSERT_EQ(limit, 4u * 1024 * 1024);
  IngestArticleRequest request;
  std::string text;
  while (text.size() <= limit) text += "Hà Nội ngày 1/6/2020. ";
  request.set_text(text);
  IngestArticleResponse response;
  const grpc::Status status = CallIngest(env_, request, &response);
  ExpectError(status, grpc::StatusCode::INVALID_ARGUMENT,
              "text: article is " + std::to_string(text.size()) + " bytes, over the limit of " +
                  std::to_string(limit));
  EXPECT_TRUE(State(env_) == before);
}

TEST_F(IngestServiceTest, StreamAnswersEachArticleInOrderAndABadOneFailsAlone) {
  const auto seeds = SeedFiles();
  std::vector<std::string> texts = {ReadFile(seeds[0]), ReadFile(seeds[1]),
                                    std::string("bad \xC3\x28 text"), ReadFile(seeds[2]),
                                    ReadFile(seeds[0])};
  auto context = Deadline();
  auto stream = env_.ingest().IngestArticles(context.get());
  for (const auto& text : texts) {
    IngestArticleRequest request;
    request.set_text(text);
    ASSERT_TRUE(stream->Write(request));
  }
  ASSERT_TRUE(stream->WritesDone());
  std::vector<v1::IngestArticlesResponse> answers;
  v1::IngestArticlesResponse answer;
  while (stream->Read(&answer)) answers.push_back(answer);
  const grpc::Status status = stream->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(answers.size(), texts.size());
  for (size_t i = 0; i < answers.size(); ++i) EXPECT_EQ(answers[i].index(), static_cast<int>(i));
  EXPECT_EQ(answers[0].error_code(), 0);
  EXPECT_EQ(answers[1].error_code(), 0);
  EXPECT_EQ(answers[2].error_code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_TRUE(absl::StartsWith(answers[2].error_message(), "text: ")) << answers[2].error_message();
  EXPECT_FALSE(answers[2].has_result());
  EXPECT_EQ(answers[3].error_code(), 0);
  EXPECT_TRUE(answers[0].result().created());
  EXPECT_FALSE(answers[4].result().created()) << "the same text again";
  EXPECT_EQ(answers[4].result().id(), answers[0].result().id());
  EXPECT_EQ(env_.ListIds(answers[3].result().sequence()).size(), 3u);
}

// Articles read ahead through a window of 3 and written in batches of at most 2 (so answers,
// commits and reads interleave in every way): each article is answered once, in order, as if
// the articles had been ingested one after another.
TEST(IngestStreamTest, ReadAheadAndGroupCommitAnswerAsOneAfterAnother) {
  ServiceEnvOptions options;
  options.ingest.stream_window = 3;
  options.ingest.max_batch = 2;
  options.ingest.stream_workers = 2;
  ServiceEnv env(options);
  ASSERT_TRUE(env.ok());
  const auto seeds = SeedFiles();
  ASSERT_EQ(seeds.size(), 5u);
  std::vector<std::string> texts;
  for (const auto& seed : seeds) texts.push_back(ReadFile(seed));
  // Per group of six: a new article A, a new article B, a bad one, A again (unchanged), B with
  // another text (replaced), A again (unchanged).
  constexpr int kGroups = 10;
  std::vector<IngestArticleRequest> requests;
  for (int k = 0; k < kGroups; ++k) {
    const std::string a = "a" + std::to_string(k);
    const std::string b = "b" + std::to_string(k);
    for (const auto& [id, text] : std::vector<std::pair<std::string, std::string>>{
             {a, texts[k % 5]},
             {b, texts[(k + 1) % 5]},
             {"", "bad \xC3\x28 text"},
             {a, texts[k % 5]},
             {b, texts[(k + 2) % 5]},
             {a, texts[k % 5]}}) {
      IngestArticleRequest request;
      request.set_id(id);
      request.set_text(text);
      requests.push_back(request);
    }
  }
  auto context = Deadline();
  auto stream = env.ingest().IngestArticles(context.get());
  std::thread writer([&] {
    for (const auto& request : requests) {
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  std::vector<v1::IngestArticlesResponse> answers;
  v1::IngestArticlesResponse answer;
  while (stream->Read(&answer)) answers.push_back(answer);
  writer.join();
  const grpc::Status status = stream->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(answers.size(), requests.size());
  uint64_t last_sequence = 0;
  std::vector<std::string> expected_ids;
  for (size_t i = 0; i < answers.size(); ++i) {
    const auto& got = answers[i];
    EXPECT_EQ(got.index(), static_cast<int>(i));
    if (i % 6 == 2) {
      EXPECT_EQ(got.error_code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT)) << i;
      EXPECT_TRUE(absl::StartsWith(got.error_message(), "text: ")) << got.error_message();
      continue;
    }
    ASSERT_EQ(got.error_code(), 0) << i << ": " << got.error_message();
    EXPECT_EQ(got.result().id(), requests[i].id());
    EXPECT_EQ(got.result().created(), i % 6 == 0 || i % 6 == 1 || i % 6 == 4) << i;
    EXPECT_GE(got.result().sequence(), last_sequence) << "sequences never go back";
    last_sequence = got.result().sequence();
    if (i % 6 < 2) expected_ids.push_back(requests[i].id());
  }
  std::sort(expected_ids.begin(), expected_ids.end());
  EXPECT_EQ(env.ListIds(last_sequence), expected_ids);
  // Each B holds its second text: the later write of the id won.
  for (int k = 0; k < kGroups; ++k) {
    v1::GetArticleRequest request;
    request.set_id("b" + std::to_string(k));
    v1::Article article;
    auto get_context = Deadline();
    ASSERT_TRUE(env.query().GetArticle(get_context.get(), request, &article).ok());
    EXPECT_EQ(article.title(), answers[k * 6 + 4].result().title()) << k;
  }
}

// A client that goes away in the middle of a stream, with articles still being extracted and
// written: the server drops their answers, ends the stream, and goes on serving; what was
// acknowledged is stored.
TEST(IngestStreamTest, ClientCancellingMidStreamLeavesTheServerServing) {
  ServiceEnvOptions options;
  options.ingest.stream_window = 8;
  options.ingest.max_batch = 4;
  ServiceEnv env(options);
  ASSERT_TRUE(env.ok());
  const auto seeds = SeedFiles();
  std::vector<std::string> acknowledged;
  {
    auto context = Deadline();
    auto stream = env.ingest().IngestArticles(context.get());
    std::thread writer([&] {
      for (int i = 0; i < 200; ++i) {
        IngestArticleRequest request;
        request.set_id("c" + std::to_string(i));
        request.set_text(ReadFile(seeds[i % seeds.size()]));
        if (!stream->Write(request)) break;
      }
      stream->WritesDone();
    });
    v1::IngestArticlesResponse answer;
    while (stream->Read(&answer)) {
      ASSERT_EQ(answer.error_code(), 0) << answer.error_message();
      acknowledged.push_back(answer.result().id());
      if (acknowledged.size() == 5) context->TryCancel();
    }
    writer.join();
    EXPECT_FALSE(stream->Finish().ok());
  }
  ASSERT_GE(acknowledged.size(), 5u);
  // The server still serves, and every acknowledged article is stored.
  const IngestArticleResponse after = env.Ingest(ReadFile(seeds[0]) + "\nMột câu nữa.", "x.txt");
  ASSERT_FALSE(after.id().empty());
  const std::vector<std::string> ids = env.ListIds(after.sequence());
  for (const std::string& id : acknowledged) {
    EXPECT_TRUE(std::binary_search(ids.begin(), ids.end(), id)) << id;
  }
}

TEST(IngestServiceTokenTest, WritesWithoutTheTokenAreUnauthenticated) {
  ServiceEnvOptions options;
  options.ingest.token = "s3cret-token";
  ServiceEnv env(options);
  ASSERT_TRUE(env.ok());
  const std::string text = ReadFile(SeedFiles()[0]);
  const IngestArticleResponse stored = env.Ingest(text, "", "s3cret-token");
  ASSERT_FALSE(stored.id().empty());
  const StoreState before = State(env);

  IngestArticleRequest request;
  request.set_text(ReadFile(SeedFiles()[1]));
  IngestArticleResponse response;
  ExpectError(CallIngest(env, request, &response), grpc::StatusCode::UNAUTHENTICATED,
              "authorization: ");
  ExpectError(CallIngest(env, request, &response, "Bearer wrong"),
              grpc::StatusCode::UNAUTHENTICATED, "authorization: ");
  ExpectError(CallIngest(env, request, &response, "s3cret-token"),
              grpc::StatusCode::UNAUTHENTICATED, "authorization: ");

  {
    auto context = Deadline();
    auto stream = env.ingest().IngestArticles(context.get());
    stream->Write(request);
    stream->WritesDone();
    v1::IngestArticlesResponse answer;
    EXPECT_FALSE(stream->Read(&answer));
    ExpectError(stream->Finish(), grpc::StatusCode::UNAUTHENTICATED, "authorization: ");
  }
  {
    v1::DeleteArticleRequest del;
    del.set_id(stored.id());
    v1::DeleteArticleResponse deleted;
    auto context = Deadline();
    ExpectError(env.ingest().DeleteArticle(context.get(), del, &deleted),
                grpc::StatusCode::UNAUTHENTICATED, "authorization: ");
  }
  EXPECT_TRUE(State(env) == before);

  // Reading needs no token: the query service is read-only.
  EXPECT_EQ(env.ListIds(before.sequence), std::vector<std::string>{stored.id()});
  // With the token, the write goes in.
  ASSERT_TRUE(CallIngest(env, request, &response, "Bearer s3cret-token").ok());
}

TEST_F(IngestServiceTest, ExpiredDeadlineIsNotServed) {
  IngestArticleRequest request;
  request.set_text(ReadFile(SeedFiles()[0]));
  IngestArticleResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() - std::chrono::seconds(1));
  const grpc::Status status = env_.ingest().IngestArticle(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

}  // namespace
}  // namespace vnnews::testing
