#include "query_service/query_service.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "vnnews/common/status_macros.h"
#include "vnnews/server/status.h"
#include "vnnews/server/validate.h"
#include "vnnews/server/wire.h"
#include "vnnews/text/text.h"

namespace vnnews::query {
namespace {

using ::vnnews::v1::Article;
using ::vnnews::v1::ArticleResult;
using ::vnnews::v1::ArticleSummary;
using ::vnnews::v1::ArticleView;
using ::vnnews::v1::Span;

// Longest snippet, in code points.
constexpr size_t kMaxSnippetChars = 300;
// Context around a mention that has no sentence, in code points.
constexpr size_t kContextBefore = 80;
constexpr size_t kContextAfter = 160;
// Default and largest number of values per facet.
constexpr int32_t kDefaultFacetLimit = 20;
constexpr int32_t kMaxFacetLimit = 1000;

// Byte offset of code point `cp` in valid UTF-8 `s` (s.size() when past its end).
size_t ByteOffset(std::string_view s, size_t cp) {
  size_t pos = 0;
  for (size_t i = 0; i < cp && pos < s.size(); ++i) text::DecodeAt(s, &pos);
  return pos;
}

// At most `max_chars` code points of `s`, cut after a space when possible, "…" when cut.
std::string Clip(std::string_view s, size_t max_chars) {
  const size_t end = ByteOffset(s, max_chars);
  if (end >= s.size()) return std::string(s);
  size_t cut = s.rfind(' ', end);
  if (cut == std::string_view::npos || cut < end / 2) cut = end;
  return std::string(s.substr(0, cut)) + "…";
}

// The sentence of the span that starts at `begin`, searched in every kind of mention.
const Span* FindSpan(const Article& article, int32_t begin, int32_t end) {
  auto matches = [&](const Span& span) { return span.begin() == begin && span.end() == end; };
  for (const auto& person : article.persons()) {
    for (const auto& span : person.mentions()) {
      if (matches(span)) return &span;
    }
  }
  for (const auto& date : article.dates()) {
    if (matches(date.span())) return &date.span();
  }
  for (const auto* entities : {&article.organizations(), &article.locations()}) {
    for (const auto& entity : *entities) {
      for (const auto& span : entity.mentions()) {
        if (matches(span)) return &span;
      }
    }
  }
  for (const auto& money : article.money()) {
    if (matches(money.span())) return &money.span();
  }
  return nullptr;
}

// The piece of the body a list shows: the sentence of the matching mention, else the text
// around it, else the lead.
std::string Snippet(const Article& article, const store::Hit& hit) {
  const std::string& body = article.body();
  if (hit.mention_begin >= 0 && hit.mention_end >= hit.mention_begin) {
    if (const Span* span = FindSpan(article, hit.mention_begin, hit.mention_end);
        span != nullptr && !span->sentence().empty()) {
      return Clip(span->sentence(), kMaxSnippetChars);
    }
    const size_t begin_cp = static_cast<size_t>(hit.mention_begin);
    const size_t from = ByteOffset(body, begin_cp > kContextBefore ? begin_cp - kContextBefore : 0);
    const size_t to = ByteOffset(body, static_cast<size_t>(hit.mention_end) + kContextAfter);
    if (from < body.size()) {
      std::string_view window(body.data() + from, std::min(to, body.size()) - from);
      // Start and end on word boundaries.
      if (from > 0) {
        if (size_t space = window.find(' '); space != std::string_view::npos) {
          window.remove_prefix(space + 1);
        }
      }
      if (to < body.size()) {
        if (size_t space = window.rfind(' '); space != std::string_view::npos) {
          window = window.substr(0, space);
        }
      }
      return std::string(from > 0 ? "…" : "") + std::string(window) + (to < body.size() ? "…" : "");
    }
  }
  // The lead: the first line of the body, clipped.
  std::string_view lead(body);
  if (size_t newline = lead.find('\n'); newline != std::string_view::npos) {
    lead = lead.substr(0, newline);
  }
  return Clip(lead, kMaxSnippetChars);
}

// A required free-text field: valid UTF-8 with at least one word.
absl::Status ValidateWords(const std::string& value, absl::string_view field) {
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  if (absl::Status utf8 = text::ValidateUtf8(value); !utf8.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", utf8.message()));
  }
  if (text::FoldedWords(value).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": has no letters or digits"));
  }
  return absl::OkStatus();
}

// Parses the request, runs `body` and finishes the call with its status, converted once here.
template <typename Request, typename Response, typename Body>
grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context,
                                const grpc::ByteBuffer* request_bytes,
                                grpc::ByteBuffer* response_bytes, Body body) {
  auto* reactor = context->DefaultReactor();
  Request request;
  Response response;
  absl::Status status = server::CheckCallAlive(*context);
  if (status.ok()) status = server::ParseLenient(*request_bytes, &request);
  if (status.ok()) status = body(request, &response);
  if (status.ok()) *response_bytes = server::ToByteBuffer(response);
  reactor->Finish(server::ToGrpcStatus(status));
  return reactor;
}

}  // namespace

QueryService::QueryService(store::Reader* reader, std::vector<vnnews::v1::Topic> topics,
                           QueryServiceOptions options)
    : reader_(reader),
      topics_(std::move(topics)),
      topic_ids_([this] {
        absl::flat_hash_set<std::string> ids;
        for (const auto& topic : topics_) ids.insert(topic.id());
        return ids;
      }()),
      options_(options) {
  {
    absl::MutexLock lock(&mu_);
    caught_up_sequence_ = reader_->Sequence();
  }
  catch_up_thread_ = std::thread([this] { CatchUpLoop(); });
}

QueryService::~QueryService() {
  BeginShutdown();
  catch_up_thread_.join();
}

void QueryService::BeginShutdown() {
  absl::MutexLock lock(&mu_);
  stop_ = true;
}

uint64_t QueryService::caught_up_sequence() const {
  absl::MutexLock lock(&mu_);
  return caught_up_sequence_;
}

void QueryService::CatchUpLoop() {
  absl::MutexLock lock(&mu_);
  std::string last_error;
  auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stop_ || catch_up_now_; };
  while (!stop_) {
    mu_.AwaitWithTimeout(absl::Condition(&woken), options_.catch_up_interval);
    if (stop_) break;
    catch_up_now_ = false;
    mu_.Unlock();
    const absl::Status status = reader_->CatchUp();
    const uint64_t sequence = reader_->Sequence();
    mu_.Lock();
    // Said once per distinct error, not ten times a second.
    if (!status.ok() && status.ToString() != last_error) {
      last_error = status.ToString();
      std::fprintf(stderr, "query_service: catching up with the primary: %s\n", last_error.c_str());
    } else if (status.ok()) {
      last_error.clear();
    }
    if (sequence > caught_up_sequence_) caught_up_sequence_ = sequence;
  }
}

absl::Status QueryService::WaitForSequence(uint64_t min_sequence,
                                           grpc::CallbackServerContext& context) {
  if (min_sequence == 0) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  if (caught_up_sequence_ >= min_sequence) return absl::OkStatus();
  catch_up_now_ = true;
  const absl::Time call_deadline = absl::FromChrono(context.deadline());
  const absl::Time cap = absl::Now() + options_.max_sequence_wait;
  auto reached = [this, min_sequence]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stop_ || caught_up_sequence_ >= min_sequence;
  };
  mu_.AwaitWithDeadline(absl::Condition(&reached), std::min(call_deadline, cap));
  if (caught_up_sequence_ >= min_sequence) return absl::OkStatus();
  if (stop_) return absl::UnavailableError("the query service is shutting down");
  const std::string message = absl::StrFormat(
      "min_sequence: the query service has caught up to sequence %d, not %d (a sequence number "
      "the ingestor has not reached yet?)",
      caught_up_sequence_, min_sequence);
  if (call_deadline <= cap) return absl::DeadlineExceededError(message);
  return absl::UnavailableError(
      absl::StrCat(message, "; gave up after ", absl::FormatDuration(options_.max_sequence_wait)));
}

absl::Status QueryService::FillResults(const store::Page& page, ArticleView view,
                                       grpc::CallbackServerContext& context,
                                       google::protobuf::RepeatedPtrField<ArticleResult>* results) {
  VNNEWS_RETURN_IF_ERROR(server::CheckCallAlive(context));
  std::vector<std::string> ids;
  ids.reserve(page.hits.size());
  for (const store::Hit& hit : page.hits) ids.push_back(hit.id);
  if (view == vnnews::v1::ARTICLE_VIEW_FULL) {
    std::vector<absl::StatusOr<Article>> articles = reader_->GetMany(ids);
    for (size_t i = 0; i < articles.size(); ++i) {
      absl::StatusOr<Article>& article = articles[i];
      // Deleted between the index scan and the look-up: not an answer any more.
      if (absl::IsNotFound(article.status())) continue;
      if (!article.ok()) return article.status();
      const store::Hit& hit = page.hits[i];
      ArticleResult* result = results->Add();
      ArticleSummary* summary = result->mutable_summary();
      summary->set_id(article->id());
      summary->set_title(article->title());
      if (article->has_event_date()) *summary->mutable_event_date() = article->event_date();
      summary->set_snippet(hit.snippet.empty() ? Snippet(*article, hit) : hit.snippet);
      summary->set_source_uri(article->source_uri());
      for (const auto& topic : article->topics()) summary->add_topic_ids(topic.id());
      *result->mutable_article() = std::move(*article);
    }
    return absl::OkStatus();
  }
  // A list of summaries never parses whole articles, nor even the summaries: each stored
  // summary goes out as it is, as the wire form of ArticleResult.summary (field 1, carried as
  // an unknown field, which protobuf serializes verbatim), with its snippet (the lead) replaced
  // by the sentence of the matching mention when the index has one.
  std::vector<absl::StatusOr<std::string>> summaries = reader_->GetSummaryRecords(ids);
  std::string wire;
  for (size_t i = 0; i < summaries.size(); ++i) {
    absl::StatusOr<std::string>& summary = summaries[i];
    if (absl::IsNotFound(summary.status())) continue;
    if (!summary.ok()) return summary.status();
    const std::string& snippet = page.hits[i].snippet;
    if (!snippet.empty()) {
      if (!server::ReplaceDelimitedField(*summary, ArticleSummary::kSnippetFieldNumber, snippet,
                                         &wire)) {
        return absl::InternalError(absl::StrCat("corrupt summary ", page.hits[i].id));
      }
      summary->swap(wire);
    }
    ArticleResult* result = results->Add();
    result->GetReflection()
        ->MutableUnknownFields(result)
        ->AddLengthDelimited(ArticleResult::kSummaryFieldNumber)
        ->swap(*summary);
  }
  return absl::OkStatus();
}

absl::Status QueryService::DoGetArticle(grpc::CallbackServerContext& context,
                                        const vnnews::v1::GetArticleRequest& request,
                                        Article* response) {
  VNNEWS_RETURN_IF_ERROR(server::ValidateId(request.id(), "id"));
  VNNEWS_RETURN_IF_ERROR(WaitForSequence(request.min_sequence(), context));
  absl::StatusOr<Article> article = reader_->Get(request.id());
  if (absl::IsNotFound(article.status())) {
    return absl::NotFoundError(absl::StrCat("id: no article \"", request.id(), "\""));
  }
  if (!article.ok()) return article.status();
  *response = std::move(*article);
  return absl::OkStatus();
}

absl::Status QueryService::DoListArticles(grpc::CallbackServerContext& context,
                                          const vnnews::v1::ListArticlesRequest& request,
                                          vnnews::v1::ListArticlesResponse* response) {
  VNNEWS_ASSIGN_OR_RETURN(const int32_t page_size, server::PageSize(request.page_size()));
  VNNEWS_RETURN_IF_ERROR(WaitForSequence(request.min_sequence(), context));
  VNNEWS_ASSIGN_OR_RETURN(store::Page page,
                          reader_->ListAll(store::PageRequest{page_size, request.page_token()}));
  VNNEWS_RETURN_IF_ERROR(FillResults(page, request.view(), context, response->mutable_results()));
  response->set_next_page_token(std::move(page.next_page_token));
  return absl::OkStatus();
}

absl::Status QueryService::DoByPerson(grpc::CallbackServerContext& context,
                                      const vnnews::v1::ListArticlesByPersonRequest& request,
                                      vnnews::v1::ListArticlesByPersonResponse* response) {
  VNNEWS_RETURN_IF_ERROR(ValidateWords(request.name(), "name"));
  VNNEWS_ASSIGN_OR_RETURN(const auto range,
                          server::ParseDateRange(request.date_range(), "date_range", false));
  VNNEWS_ASSIGN_OR_RETURN(const int32_t page_size, server::PageSize(request.page_size()));
  VNNEWS_RETURN_IF_ERROR(WaitForSequence(request.min_sequence(), context));
  VNNEWS_ASSIGN_OR_RETURN(store::Page page,
                          reader_->ByPerson(request.name(), range,
                                            store::PageRequest{page_size, request.page_token()}));
  VNNEWS_RETURN_IF_ERROR(FillResults(page, request.view(), context, response->mutable_results()));
  response->set_next_page_token(std::move(page.next_page_token));
  return absl::OkStatus();
}

absl::Status QueryService::DoByDate(grpc::CallbackServerContext& context,
                                    const vnnews::v1::ListArticlesByDateRequest& request,
                                    vnnews::v1::ListArticlesByDateResponse* response) {
  VNNEWS_ASSIGN_OR_RETURN(const auto range,
                          server::ParseDateRange(request.date_range(), "date_range", true));
  if (!vnnews::v1::DateField_IsValid(request.field())) {
    return absl::InvalidArgumentError(
        absl::StrCat("field: unknown value ", request.field(),
                     "; use DATE_FIELD_EVENT or DATE_FIELD_ANY_MENTION"));
  }
  VNNEWS_ASSIGN_OR_RETURN(const int32_t page_size, server::PageSize(request.page_size()));
  VNNEWS_RETURN_IF_ERROR(WaitForSequence(request.min_sequence(), context));
  const store::DateField field = request.field() == vnnews::v1::DATE_FIELD_ANY_MENTION
                                     ? store::DateField::kAnyMention
                                     : store::DateField::kEvent;
  VNNEWS_ASSIGN_OR_RETURN(
      store::Page page,
      reader_->ByDate(*range, field, store::PageRequest{page_size, request.page_token()}));
  VNNEWS_RETURN_IF_ERROR(FillResults(page, request.view(), context, response->mutable_results()));
  response->set_next_page_token(std::move(page.next_page_token));
  return absl::OkStatus();
}

absl::Status QueryService::DoByTopic(grpc::CallbackServerContext& context,
                                     const vnnews::v1::ListArticlesByTopicRequest& request,
                                     vnnews::v1::ListArticlesByTopicResponse* response) {
  if (request.topic_id().empty()) {
    return absl::InvalidArgumentError("topic_id: required; see ListTopics");
  }
  if (!topic_ids_.contains(request.topic_id())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "topic_id: unknown topic \"", absl::CHexEscape(request.topic_id()), "\"; see ListTopics"));
  }
  VNNEWS_ASSIGN_OR_RETURN(const auto range,
                          server::ParseDateRange(request.date_range(), "date_range", false));
  VNNEWS_ASSIGN_OR_RETURN(const int32_t page_size, server::PageSize(request.page_size()));
  VNNEWS_RETURN_IF_ERROR(WaitForSequence(request.min_sequence(), context));
  VNNEWS_ASSIGN_OR_RETURN(store::Page page,
                          reader_->ByTopic(request.topic_id(), range,
                                           store::PageRequest{page_size, request.page_token()}));
  VNNEWS_RETURN_IF_ERROR(FillResults(page, request.view(), context, response->mutable_results()));
  response->set_next_page_token(std::move(page.next_page_token));
  return absl::OkStatus();
}

absl::Status QueryService::DoSearch(grpc::CallbackServerContext& context,
                                    const vnnews::v1::SearchArticlesRequest& request,
                                    vnnews::v1::SearchArticlesResponse* response) {
  VNNEWS_RETURN_IF_ERROR(ValidateWords(request.query(), "query"));
  VNNEWS_ASSIGN_OR_RETURN(const int32_t page_size, server::PageSize(request.page_size()));
  VNNEWS_RETURN_IF_ERROR(WaitForSequence(request.min_sequence(), context));
  VNNEWS_ASSIGN_OR_RETURN(
      store::Page page,
      reader_->Search(request.query(), store::PageRequest{page_size, request.page_token()}));
  VNNEWS_RETURN_IF_ERROR(FillResults(page, request.view(), context, response->mutable_results()));
  response->set_next_page_token(std::move(page.next_page_token));
  return absl::OkStatus();
}

absl::Status QueryService::DoGetFacets(grpc::CallbackServerContext& context,
                                       const vnnews::v1::GetFacetsRequest& request,
                                       vnnews::v1::GetFacetsResponse* response) {
  if (request.fields().empty()) {
    return absl::InvalidArgumentError(
        "fields: required; name at least one of FACET_FIELD_TOPIC, FACET_FIELD_PERSON, "
        "FACET_FIELD_ORGANIZATION, FACET_FIELD_LOCATION, FACET_FIELD_YEAR");
  }
  std::vector<store::Facet> facets;
  for (int i = 0; i < request.fields_size(); ++i) {
    switch (request.fields(i)) {
      case vnnews::v1::FACET_FIELD_TOPIC:
        facets.push_back(store::Facet::kTopic);
        break;
      case vnnews::v1::FACET_FIELD_PERSON:
        facets.push_back(store::Facet::kPerson);
        break;
      case vnnews::v1::FACET_FIELD_ORGANIZATION:
        facets.push_back(store::Facet::kOrganization);
        break;
      case vnnews::v1::FACET_FIELD_LOCATION:
        facets.push_back(store::Facet::kLocation);
        break;
      case vnnews::v1::FACET_FIELD_YEAR:
        facets.push_back(store::Facet::kYear);
        break;
      default:
        return absl::InvalidArgumentError(absl::StrFormat(
            "fields[%d]: %d is not a field to count by (FACET_FIELD_UNSPECIFIED or unknown)", i,
            request.fields(i)));
    }
  }
  if (request.limit() < 0) {
    return absl::InvalidArgumentError(absl::StrFormat("limit: must be between 0 and %d, got %d",
                                                      kMaxFacetLimit, request.limit()));
  }
  const int32_t limit =
      request.limit() == 0 ? kDefaultFacetLimit : std::min(request.limit(), kMaxFacetLimit);
  VNNEWS_RETURN_IF_ERROR(WaitForSequence(request.min_sequence(), context));
  for (int i = 0; i < request.fields_size(); ++i) {
    VNNEWS_RETURN_IF_ERROR(server::CheckCallAlive(context));
    VNNEWS_ASSIGN_OR_RETURN(std::vector<store::FacetValue> values,
                            reader_->Facets(facets[i], limit));
    vnnews::v1::Facet* facet = response->add_facets();
    facet->set_field(request.fields(i));
    for (auto& value : values) {
      vnnews::v1::FacetCount* count = facet->add_counts();
      count->set_value(std::move(value.value));
      count->set_count(value.count);
    }
  }
  VNNEWS_ASSIGN_OR_RETURN(const int64_t total, reader_->CountArticles());
  response->set_total_articles(total);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* QueryService::GetArticle(grpc::CallbackServerContext* context,
                                                   const grpc::ByteBuffer* request,
                                                   grpc::ByteBuffer* response) {
  return Serve<vnnews::v1::GetArticleRequest, vnnews::v1::Article>(
      context, request, response,
      [&](const auto& in, auto* out) { return DoGetArticle(*context, in, out); });
}

grpc::ServerUnaryReactor* QueryService::ListArticles(grpc::CallbackServerContext* context,
                                                     const grpc::ByteBuffer* request,
                                                     grpc::ByteBuffer* response) {
  return Serve<vnnews::v1::ListArticlesRequest, vnnews::v1::ListArticlesResponse>(
      context, request, response,
      [&](const auto& in, auto* out) { return DoListArticles(*context, in, out); });
}

grpc::ServerUnaryReactor* QueryService::ListArticlesByPerson(grpc::CallbackServerContext* context,
                                                             const grpc::ByteBuffer* request,
                                                             grpc::ByteBuffer* response) {
  return Serve<vnnews::v1::ListArticlesByPersonRequest, vnnews::v1::ListArticlesByPersonResponse>(
      context, request, response,
      [&](const auto& in, auto* out) { return DoByPerson(*context, in, out); });
}

grpc::ServerUnaryReactor* QueryService::ListArticlesByDate(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  return Serve<vnnews::v1::ListArticlesByDateRequest, vnnews::v1::ListArticlesByDateResponse>(
      context, request, response,
      [&](const auto& in, auto* out) { return DoByDate(*context, in, out); });
}

grpc::ServerUnaryReactor* QueryService::ListArticlesByTopic(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* request,
                                                            grpc::ByteBuffer* response) {
  return Serve<vnnews::v1::ListArticlesByTopicRequest, vnnews::v1::ListArticlesByTopicResponse>(
      context, request, response,
      [&](const auto& in, auto* out) { return DoByTopic(*context, in, out); });
}

grpc::ServerUnaryReactor* QueryService::SearchArticles(grpc::CallbackServerContext* context,
                                                       const grpc::ByteBuffer* request,
                                                       grpc::ByteBuffer* response) {
  return Serve<vnnews::v1::SearchArticlesRequest, vnnews::v1::SearchArticlesResponse>(
      context, request, response,
      [&](const auto& in, auto* out) { return DoSearch(*context, in, out); });
}

grpc::ServerUnaryReactor* QueryService::GetFacets(grpc::CallbackServerContext* context,
                                                  const grpc::ByteBuffer* request,
                                                  grpc::ByteBuffer* response) {
  return Serve<vnnews::v1::GetFacetsRequest, vnnews::v1::GetFacetsResponse>(
      context, request, response,
      [&](const auto& in, auto* out) { return DoGetFacets(*context, in, out); });
}

grpc::ServerUnaryReactor* QueryService::ListTopics(grpc::CallbackServerContext* context,
                                                   const grpc::ByteBuffer* request,
                                                   grpc::ByteBuffer* response) {
  return Serve<vnnews::v1::ListTopicsRequest, vnnews::v1::ListTopicsResponse>(
      context, request, response, [&](const auto&, vnnews::v1::ListTopicsResponse* out) {
        for (const auto& topic : topics_) *out->add_topics() = topic;
        return absl::OkStatus();
      });
}

}  // namespace vnnews::query
