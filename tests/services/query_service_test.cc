// QueryService over a real gRPC server and a RocksDB secondary of a real primary: reading one's
// own writes, freshness without min_sequence, paging, views, snippets, topics and facets, and
// every bad question getting INVALID_ARGUMENT / NOT_FOUND with a message naming the field.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "tests/services/service_env.h"
#include "vnnews/record/record.h"
#include "vnnews/text/text.h"

namespace vnnews::testing {
namespace {

void ExpectError(const grpc::Status& status, grpc::StatusCode code, const std::string& prefix) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  EXPECT_TRUE(absl::StartsWith(status.error_message(), prefix))
      << "message \"" << status.error_message() << "\" does not start with \"" << prefix << "\"";
}

class QueryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.ok());
    answers_ = env_.IngestSeeds();
    ASSERT_EQ(answers_.size(), 5u);
    last_sequence_ = answers_.back().sequence();
  }

  v1::ListArticlesByPersonResponse ByPerson(const std::string& name, int page_size = 0,
                                            const std::string& token = "") {
    v1::ListArticlesByPersonRequest request;
    request.set_name(name);
    request.set_page_size(page_size);
    request.set_page_token(token);
    request.set_min_sequence(last_sequence_);
    v1::ListArticlesByPersonResponse response;
    auto context = Deadline();
    const grpc::Status status =
        env_.query().ListArticlesByPerson(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  ServiceEnv env_;
  std::vector<v1::IngestArticleResponse> answers_;
  uint64_t last_sequence_ = 0;
};

TEST_F(QueryServiceTest, AWriteIsVisibleWithItsSequence) {
  // A sixth article, then a query carrying its sequence sees it at once.
  const std::string text =
      "Hà Nội (TTXVN) - Sáng 3/2/2024, Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản Yamada "
      "Takio tại Trụ sở Chính phủ, bàn về hợp tác đường sắt tốc độ cao.\n";
  const v1::IngestArticleResponse written = env_.Ingest(text, "sixth");
  v1::GetArticleRequest request;
  request.set_id(written.id());
  request.set_min_sequence(written.sequence());
  v1::Article article;
  auto context = Deadline();
  const grpc::Status status = env_.query().GetArticle(context.get(), request, &article);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(article.id(), written.id());
}

TEST_F(QueryServiceTest, AWriteIsVisibleWithoutMinSequenceWithin200Ms) {
  const std::string text =
      "Đà Nẵng - Chiều 5/3/2024, Bộ trưởng Nguyễn Văn Thắng làm việc với lãnh đạo thành phố về "
      "dự án cảng biển Liên Chiểu.\n";
  const v1::IngestArticleResponse written = env_.Ingest(text, "poll");
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  bool found = false;
  while (!found) {
    v1::GetArticleRequest request;
    request.set_id(written.id());
    v1::Article article;
    auto context = Deadline();
    const grpc::Status status = env_.query().GetArticle(context.get(), request, &article);
    if (status.ok()) {
      found = true;
      break;
    }
    ASSERT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
    if (std::chrono::steady_clock::now() >= give_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(found) << "not visible 200 ms after the write was acknowledged";
}

TEST_F(QueryServiceTest, AMinSequenceNeverReachedEndsAtTheDeadline) {
  v1::ListArticlesRequest request;
  request.set_min_sequence(last_sequence_ + 1000000);
  v1::ListArticlesResponse response;
  auto context = Deadline(std::chrono::milliseconds(300));
  const grpc::Status status = env_.query().ListArticles(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
}

TEST_F(QueryServiceTest, ByPersonFindsAnyFormOfTheNameWithASnippetOfTheMention) {
  for (const std::string name : {"Phạm Bình Minh", "pham binh minh", "PHẠM BÌNH MINH"}) {
    SCOPED_TRACE(name);
    const auto response = ByPerson(name);
    ASSERT_EQ(response.results_size(), 2);
    for (const auto& result : response.results()) {
      EXPECT_TRUE(absl::StrContains(text::Fold(result.summary().snippet()), "pham binh minh"))
          << result.summary().snippet();
      // Seed 000 has a headline; seed 004 starts mid-article and has none to show.
      if (result.summary().id() == answers_[0].id()) {
        EXPECT_FALSE(result.summary().title().empty());
      }
      EXPECT_FALSE(result.has_article()) << "BASIC view holds no record";
    }
    EXPECT_TRUE(response.next_page_token().empty());
  }
}

TEST_F(QueryServiceTest, FullViewHoldsTheRecord) {
  v1::ListArticlesByTopicRequest request;
  request.set_topic_id("covid19");
  request.set_view(v1::ARTICLE_VIEW_FULL);
  request.set_min_sequence(last_sequence_);
  v1::ListArticlesByTopicResponse response;
  auto context = Deadline();
  ASSERT_TRUE(env_.query().ListArticlesByTopic(context.get(), request, &response).ok());
  ASSERT_GE(response.results_size(), 4);
  for (const auto& result : response.results()) {
    ASSERT_TRUE(result.has_article());
    EXPECT_EQ(result.article().id(), result.summary().id());
    EXPECT_FALSE(result.article().body().empty());
    EXPECT_FALSE(result.summary().snippet().empty()) << "the lead, when no mention matched";
  }
}

// Every span of `article` has the text of its sentence, the body between its sentence offsets,
// holding the mention (the store keeps only the offsets).
void ExpectEverySpanHasItsSentence(const v1::Article& article) {
  int spans = 0;
  record::ForEachSpan(article, [&](const v1::Span& span) {
    ++spans;
    EXPECT_FALSE(span.sentence().empty()) << article.id() << ": " << span.text();
    EXPECT_NE(span.sentence().find(span.text()), std::string::npos)
        << article.id() << ": \"" << span.text() << "\" not in \"" << span.sentence() << "\"";
    EXPECT_NE(article.body().find(span.sentence()), std::string::npos) << span.sentence();
  });
  EXPECT_GT(spans, 5) << article.id();
}

TEST_F(QueryServiceTest, AWholeRecordShowsEveryMentionsSentence) {
  for (const auto& answer : answers_) {
    v1::GetArticleRequest request;
    request.set_id(answer.id());
    request.set_min_sequence(last_sequence_);
    v1::Article article;
    auto context = Deadline();
    ASSERT_TRUE(env_.query().GetArticle(context.get(), request, &article).ok());
    ExpectEverySpanHasItsSentence(article);
  }
  v1::ListArticlesByTopicRequest request;
  request.set_topic_id("diplomacy");
  request.set_view(v1::ARTICLE_VIEW_FULL);
  request.set_min_sequence(last_sequence_);
  v1::ListArticlesByTopicResponse response;
  auto context = Deadline();
  ASSERT_TRUE(env_.query().ListArticlesByTopic(context.get(), request, &response).ok());
  ASSERT_GE(response.results_size(), 1);
  for (const auto& result : response.results()) ExpectEverySpanHasItsSentence(result.article());
}

TEST_F(QueryServiceTest, PagesChainToEveryArticleOnceNewestFirst) {
  std::vector<std::string> ids;
  std::string token;
  int pages = 0;
  do {
    v1::ListArticlesRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    request.set_min_sequence(last_sequence_);
    v1::ListArticlesResponse response;
    auto context = Deadline();
    const grpc::Status status = env_.query().ListArticles(context.get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(response.results_size(), 2);
    for (const auto& result : response.results()) ids.push_back(result.summary().id());
    token = response.next_page_token();
    ASSERT_LT(++pages, 10) << "the pages never end";
  } while (!token.empty());
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 5u) << "an article twice";
}

TEST_F(QueryServiceTest, ByDateEventAndAnyMention) {
  v1::ListArticlesByDateRequest request;
  request.mutable_date_range()->set_from("2020-06-01");
  request.mutable_date_range()->set_to("2020-06-01");
  request.set_min_sequence(last_sequence_);
  v1::ListArticlesByDateResponse response;
  auto context = Deadline();
  ASSERT_TRUE(env_.query().ListArticlesByDate(context.get(), request, &response).ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).summary().id(), answers_[0].id());
  EXPECT_EQ(response.results(0).summary().event_date().first_day(), 20200601);

  request.mutable_date_range()->set_from("2020-04-14");
  request.mutable_date_range()->set_to("2020-04-14");
  auto event_context = Deadline();
  ASSERT_TRUE(env_.query().ListArticlesByDate(event_context.get(), request, &response).ok());
  EXPECT_EQ(response.results_size(), 0) << "14/4/2020 is named, not the event";
  request.set_field(v1::DATE_FIELD_ANY_MENTION);
  auto any_context = Deadline();
  ASSERT_TRUE(env_.query().ListArticlesByDate(any_context.get(), request, &response).ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_TRUE(absl::StrContains(response.results(0).summary().snippet(), "14/4"))
      << response.results(0).summary().snippet();
}

TEST_F(QueryServiceTest, TopicsSearchAndFacets) {
  v1::ListTopicsResponse topics;
  auto topics_context = Deadline();
  ASSERT_TRUE(env_.query().ListTopics(topics_context.get(), {}, &topics).ok());
  std::set<std::string> ids;
  for (const auto& topic : topics.topics()) {
    ids.insert(topic.id());
    EXPECT_FALSE(topic.label().empty()) << topic.id();
  }
  for (const char* id :
       {"covid19", "maritime_sovereignty", "oda_aid", "infrastructure_transport", "diplomacy"}) {
    EXPECT_TRUE(ids.count(id)) << id;
  }

  v1::SearchArticlesRequest search;
  search.set_query("điện đàm motegi");
  search.set_min_sequence(last_sequence_);
  v1::SearchArticlesResponse found;
  auto search_context = Deadline();
  ASSERT_TRUE(env_.query().SearchArticles(search_context.get(), search, &found).ok());
  ASSERT_EQ(found.results_size(), 1);
  EXPECT_EQ(found.results(0).summary().id(), answers_[0].id());

  v1::GetFacetsRequest facets;
  facets.add_fields(v1::FACET_FIELD_TOPIC);
  facets.add_fields(v1::FACET_FIELD_YEAR);
  facets.set_min_sequence(last_sequence_);
  v1::GetFacetsResponse counts;
  auto facets_context = Deadline();
  ASSERT_TRUE(env_.query().GetFacets(facets_context.get(), facets, &counts).ok());
  EXPECT_EQ(counts.total_articles(), 5);
  ASSERT_EQ(counts.facets_size(), 2);
  EXPECT_EQ(counts.facets(0).field(), v1::FACET_FIELD_TOPIC);
  ASSERT_GT(counts.facets(0).counts_size(), 0);
  EXPECT_GE(counts.facets(0).counts(0).count(), 4) << "covid19 leads";
  EXPECT_EQ(counts.facets(1).field(), v1::FACET_FIELD_YEAR);
}

TEST_F(QueryServiceTest, BadQuestionsNameTheField) {
  auto& query = env_.query();
  {  // date range start after end
    v1::ListArticlesByDateRequest request;
    request.mutable_date_range()->set_from("2020-06-02");
    request.mutable_date_range()->set_to("2020-06-01");
    v1::ListArticlesByDateResponse response;
    auto context = Deadline();
    ExpectError(query.ListArticlesByDate(context.get(), request, &response),
                grpc::StatusCode::INVALID_ARGUMENT, "date_range: from \"2020-06-02\"");
  }
  for (const char* bad : {"2020-13-01", "2020-02-30", "01/06/2020", "hôm qua"}) {
    SCOPED_TRACE(bad);
    v1::ListArticlesByDateRequest request;
    request.mutable_date_range()->set_from(bad);
    request.mutable_date_range()->set_to("2021-01-01");
    v1::ListArticlesByDateResponse response;
    auto context = Deadline();
    ExpectError(query.ListArticlesByDate(context.get(), request, &response),
                grpc::StatusCode::INVALID_ARGUMENT, "date_range.from: ");
    v1::ListArticlesByPersonRequest by_person;
    by_person.set_name("Motegi");
    by_person.mutable_date_range()->set_to(bad);
    v1::ListArticlesByPersonResponse persons;
    auto person_context = Deadline();
    ExpectError(query.ListArticlesByPerson(person_context.get(), by_person, &persons),
                grpc::StatusCode::INVALID_ARGUMENT, "date_range.to: ");
  }
  {  // no range at all
    v1::ListArticlesByDateRequest request;
    v1::ListArticlesByDateResponse response;
    auto context = Deadline();
    ExpectError(query.ListArticlesByDate(context.get(), request, &response),
                grpc::StatusCode::INVALID_ARGUMENT, "date_range: required");
  }
  {  // unknown topic
    v1::ListArticlesByTopicRequest request;
    request.set_topic_id("x");
    v1::ListArticlesByTopicResponse response;
    auto context = Deadline();
    const grpc::Status status = query.ListArticlesByTopic(context.get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(status.error_message(), "topic_id: unknown topic \"x\"; see ListTopics");
  }
  {  // negative page size, on every list
    const std::string message = "page_size: must be between 0 and 1000, got -5";
    v1::ListArticlesRequest all;
    all.set_page_size(-5);
    v1::ListArticlesResponse all_response;
    auto c1 = Deadline();
    const grpc::Status s1 = query.ListArticles(c1.get(), all, &all_response);
    EXPECT_EQ(s1.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s1.error_message(), message);
    v1::ListArticlesByPersonRequest person;
    person.set_name("Motegi");
    person.set_page_size(-5);
    v1::ListArticlesByPersonResponse person_response;
    auto c2 = Deadline();
    EXPECT_EQ(query.ListArticlesByPerson(c2.get(), person, &person_response).error_message(),
              message);
    v1::ListArticlesByDateRequest date;
    date.mutable_date_range()->set_from("2020");
    date.set_page_size(-5);
    v1::ListArticlesByDateResponse date_response;
    auto c3 = Deadline();
    EXPECT_EQ(query.ListArticlesByDate(c3.get(), date, &date_response).error_message(), message);
    v1::ListArticlesByTopicRequest topic;
    topic.set_topic_id("covid19");
    topic.set_page_size(-5);
    v1::ListArticlesByTopicResponse topic_response;
    auto c4 = Deadline();
    EXPECT_EQ(query.ListArticlesByTopic(c4.get(), topic, &topic_response).error_message(), message);
    v1::SearchArticlesRequest search;
    search.set_query("covid");
    search.set_page_size(-5);
    v1::SearchArticlesResponse search_response;
    auto c5 = Deadline();
    EXPECT_EQ(query.SearchArticles(c5.get(), search, &search_response).error_message(), message);
  }
  {  // a page size over the cap is capped, not refused
    v1::ListArticlesRequest all;
    all.set_page_size(100000);
    all.set_min_sequence(last_sequence_);
    v1::ListArticlesResponse response;
    auto context = Deadline();
    EXPECT_TRUE(query.ListArticles(context.get(), all, &response).ok());
    EXPECT_EQ(response.results_size(), 5);
  }
  {  // unknown id
    v1::GetArticleRequest request;
    request.set_id("0000000000000000");
    v1::Article article;
    auto context = Deadline();
    ExpectError(query.GetArticle(context.get(), request, &article), grpc::StatusCode::NOT_FOUND,
                "id: no article \"0000000000000000\"");
    request.set_id("");
    auto empty_context = Deadline();
    ExpectError(query.GetArticle(empty_context.get(), request, &article),
                grpc::StatusCode::INVALID_ARGUMENT, "id: ");
  }
  {  // names and queries without words, invalid UTF-8
    for (const std::string& name : {std::string(), std::string("  ,. "), std::string("\xC3\x28")}) {
      v1::ListArticlesByPersonRequest request;
      request.set_name(name);
      v1::ListArticlesByPersonResponse response;
      auto context = Deadline();
      ExpectError(query.ListArticlesByPerson(context.get(), request, &response),
                  grpc::StatusCode::INVALID_ARGUMENT, "name: ");
    }
  }
  {  // facets without fields, with an unknown field, with a negative limit
    v1::GetFacetsRequest request;
    v1::GetFacetsResponse response;
    auto c1 = Deadline();
    ExpectError(query.GetFacets(c1.get(), request, &response), grpc::StatusCode::INVALID_ARGUMENT,
                "fields: ");
    request.add_fields(v1::FACET_FIELD_UNSPECIFIED);
    auto c2 = Deadline();
    ExpectError(query.GetFacets(c2.get(), request, &response), grpc::StatusCode::INVALID_ARGUMENT,
                "fields[0]: ");
    request.set_fields(0, v1::FACET_FIELD_TOPIC);
    request.set_limit(-1);
    auto c3 = Deadline();
    ExpectError(query.GetFacets(c3.get(), request, &response), grpc::StatusCode::INVALID_ARGUMENT,
                "limit: ");
  }
}

TEST_F(QueryServiceTest, ForgedAndForeignPageTokensAreRefused) {
  // A real token of a by-person list.
  const auto first = ByPerson("Phạm Bình Minh", 1);
  ASSERT_EQ(first.results_size(), 1);
  ASSERT_FALSE(first.next_page_token().empty());
  const auto second = ByPerson("Phạm Bình Minh", 1, first.next_page_token());
  ASSERT_EQ(second.results_size(), 1);
  EXPECT_NE(second.results(0).summary().id(), first.results(0).summary().id());

  std::string flipped = first.next_page_token();
  flipped[flipped.size() / 2] = flipped[flipped.size() / 2] == 'A' ? 'B' : 'A';
  for (const std::string& token : {std::string("garbage"), std::string("AAAAAAAAAAAAAAAA"), flipped,
                                   std::string("\xFF\xFE")}) {
    SCOPED_TRACE(token);
    v1::ListArticlesByPersonRequest request;
    request.set_name("Phạm Bình Minh");
    request.set_page_size(1);
    request.set_page_token(token);
    v1::ListArticlesByPersonResponse response;
    auto context = Deadline();
    ExpectError(env_.query().ListArticlesByPerson(context.get(), request, &response),
                grpc::StatusCode::INVALID_ARGUMENT, "page_token: ");
  }
  // The token of one question used for another: foreign.
  {
    v1::ListArticlesByPersonRequest request;
    request.set_name("Motegi");
    request.set_page_size(1);
    request.set_page_token(first.next_page_token());
    v1::ListArticlesByPersonResponse response;
    auto context = Deadline();
    ExpectError(env_.query().ListArticlesByPerson(context.get(), request, &response),
                grpc::StatusCode::INVALID_ARGUMENT, "page_token: ");
  }
  {
    v1::ListArticlesByTopicRequest request;
    request.set_topic_id("covid19");
    request.set_page_token(first.next_page_token());
    request.set_min_sequence(last_sequence_);
    v1::ListArticlesByTopicResponse response;
    auto context = Deadline();
    ExpectError(env_.query().ListArticlesByTopic(context.get(), request, &response),
                grpc::StatusCode::INVALID_ARGUMENT, "page_token: ");
  }
  {
    v1::ListArticlesRequest request;
    request.set_page_token(first.next_page_token());
    v1::ListArticlesResponse response;
    auto context = Deadline();
    ExpectError(env_.query().ListArticles(context.get(), request, &response),
                grpc::StatusCode::INVALID_ARGUMENT, "page_token: ");
  }
}

}  // namespace
}  // namespace vnnews::testing
