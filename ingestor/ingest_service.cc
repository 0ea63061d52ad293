#include "ingestor/ingest_service.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "vnnews/common/status_macros.h"
#include "vnnews/server/auth.h"
#include "vnnews/server/status.h"
#include "vnnews/server/validate.h"
#include "vnnews/server/wire.h"
#include "vnnews/text/text.h"

namespace vnnews::ingestor {
namespace {

using ::vnnews::v1::DeleteArticleRequest;
using ::vnnews::v1::DeleteArticleResponse;
using ::vnnews::v1::IngestArticleRequest;
using ::vnnews::v1::IngestArticleResponse;
using ::vnnews::v1::IngestArticlesResponse;

// Puts `field: ` in front of a message that does not name a field yet.
absl::Status NameField(const absl::Status& status, absl::string_view field) {
  if (status.ok() || absl::StartsWith(status.message(), absl::StrCat(field, ":"))) return status;
  return absl::Status(status.code(), absl::StrCat(field, ": ", status.message()));
}

// The stream of IngestArticles: one read at a time, one answer per article, in order. The next
// read starts only once the answer is written, so a fast client cannot queue unbounded work
// (flow control holds it back) and answers come in request order.
class IngestStreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  IngestStreamReactor(const IngestService* service, grpc::CallbackServerContext* context)
      : service_(service) {
    const absl::Status auth = server::CheckBearerToken(*context, service_->options().token);
    if (!auth.ok()) {
      Finish(server::ToGrpcStatus(auth));
      return;
    }
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // The client half-closed (or the call ended): every article read has been answered.
      Finish(grpc::Status::OK);
      return;
    }
    IngestArticlesResponse answer;
    answer.set_index(index_++);
    IngestArticleRequest request;
    const absl::Status parsed = server::ParseLenient(request_, &request);
    request_.Clear();
    absl::StatusOr<IngestArticleResponse> result = parsed.ok() ? service_->Ingest(request) : parsed;
    if (result.ok()) {
      *answer.mutable_result() = std::move(*result);
    } else {
      answer.set_error_code(static_cast<int32_t>(result.status().code()));
      answer.set_error_message(std::string(result.status().message()));
    }
    response_ = server::ToByteBuffer(answer);
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                          "the client went away before its answers were written"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  const IngestService* const service_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  int32_t index_ = 0;
};

}  // namespace

IngestService::IngestService(store::Store* store, const extract::Extractor* extractor,
                             IngestServiceOptions options)
    : store_(store), extractor_(extractor), options_(std::move(options)) {}

absl::Status IngestService::ValidateRequest(const IngestArticleRequest& request) const {
  if (request.text().empty()) {
    return absl::InvalidArgumentError("text: required; the article is empty");
  }
  if (request.text().size() > options_.max_article_bytes) {
    return absl::InvalidArgumentError(
        absl::StrFormat("text: article is %d bytes, over the limit of %d", request.text().size(),
                        options_.max_article_bytes));
  }
  VNNEWS_RETURN_IF_ERROR(NameField(text::ValidateUtf8(request.text()), "text"));
  if (!request.id().empty()) VNNEWS_RETURN_IF_ERROR(server::ValidateId(request.id(), "id"));
  if (!request.publication_date().empty()) {
    if (request.publication_date().size() != 10) {
      return absl::InvalidArgumentError(absl::StrCat("publication_date: \"",
                                                     absl::CHexEscape(request.publication_date()),
                                                     "\" is not a day; expected YYYY-MM-DD"));
    }
    VNNEWS_RETURN_IF_ERROR(
        server::ParseDay(request.publication_date(), false, "publication_date").status());
  }
  for (const auto& [field, value] :
       {std::pair<absl::string_view, const std::string&>("source_uri", request.source_uri()),
        {"title", request.title()}}) {
    if (value.size() > 64 * 1024) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: is %d bytes, over the limit of 65536", field, value.size()));
    }
    VNNEWS_RETURN_IF_ERROR(NameField(text::ValidateUtf8(value), field));
  }
  return absl::OkStatus();
}

absl::StatusOr<IngestArticleResponse> IngestService::Ingest(
    const IngestArticleRequest& request) const {
  VNNEWS_RETURN_IF_ERROR(ValidateRequest(request));
  absl::StatusOr<std::string> normalized = text::Normalize(request.text());
  if (!normalized.ok()) return NameField(normalized.status(), "text");
  if (normalized->empty()) {
    return absl::InvalidArgumentError(
        "text: has no characters once whitespace and invisible characters are removed");
  }

  extract::ExtractOptions extract_options;
  extract_options.publication_date = request.publication_date();
  extract_options.title = request.title();
  extract_options.source_uri = request.source_uri();
  absl::StatusOr<vnnews::v1::Article> article = extractor_->Extract(*normalized, extract_options);
  if (!article.ok()) return NameField(article.status(), "text");

  article->set_id(request.id().empty() ? store::ContentId(*normalized) : request.id());
  article->set_source_uri(request.source_uri());
  article->set_publication_date(request.publication_date());
  // The raw text is kept as it came, so that a later extractor can re-extract from it.
  VNNEWS_ASSIGN_OR_RETURN(store::WriteResult written, store_->Put(*article, request.text()));

  IngestArticleResponse response;
  response.set_id(written.id.empty() ? article->id() : written.id);
  response.set_sequence(written.sequence);
  response.set_created(written.created);
  response.set_title(article->title());
  response.set_person_count(article->persons_size());
  response.set_date_count(article->dates_size());
  for (const auto& topic : article->topics()) response.add_topic_ids(topic.id());
  return response;
}

absl::StatusOr<std::vector<FileResult>> IngestService::IngestDirectory(
    const std::string& dir) const {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->path().extension() == ".txt" && it->is_regular_file()) files.push_back(it->path());
  }
  if (error) {
    return absl::NotFoundError(
        absl::StrCat("seed_dir: cannot read \"", dir, "\": ", error.message()));
  }
  std::sort(files.begin(), files.end());
  std::vector<FileResult> results;
  results.reserve(files.size());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      results.push_back({path.string(), absl::DataLossError("cannot read the file")});
      continue;
    }
    IngestArticleRequest request;
    request.set_text(std::move(content));
    request.set_source_uri(path.string());
    results.push_back({path.string(), Ingest(request)});
  }
  return results;
}

grpc::ServerUnaryReactor* IngestService::IngestArticle(grpc::CallbackServerContext* context,
                                                       const grpc::ByteBuffer* request,
                                                       grpc::ByteBuffer* response) {
  auto* reactor = context->DefaultReactor();
  absl::Status status = server::CheckBearerToken(*context, options_.token);
  if (status.ok()) status = server::CheckCallAlive(*context);
  if (status.ok()) {
    IngestArticleRequest parsed;
    status = server::ParseLenient(*request, &parsed);
    absl::StatusOr<IngestArticleResponse> result = status.ok() ? Ingest(parsed) : status;
    if (result.ok()) {
      *response = server::ToByteBuffer(*result);
    } else {
      status = result.status();
    }
  }
  reactor->Finish(server::ToGrpcStatus(status));
  return reactor;
}

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* IngestService::IngestArticles(
    grpc::CallbackServerContext* context) {
  return new IngestStreamReactor(this, context);
}

grpc::ServerUnaryReactor* IngestService::DeleteArticle(grpc::CallbackServerContext* context,
                                                       const DeleteArticleRequest* request,
                                                       DeleteArticleResponse* response) {
  auto* reactor = context->DefaultReactor();
  absl::Status status = server::CheckBearerToken(*context, options_.token);
  if (status.ok()) status = server::CheckCallAlive(*context);
  if (status.ok()) status = server::ValidateId(request->id(), "id");
  if (status.ok()) {
    absl::StatusOr<store::WriteResult> deleted = store_->Delete(request->id());
    if (deleted.ok()) {
      response->set_id(request->id());
      response->set_sequence(deleted->sequence);
    } else if (absl::IsNotFound(deleted.status())) {
      status = absl::NotFoundError(absl::StrCat("id: no article \"", request->id(), "\""));
    } else {
      status = deleted.status();
    }
  }
  reactor->Finish(server::ToGrpcStatus(status));
  return reactor;
}

}  // namespace vnnews::ingestor
