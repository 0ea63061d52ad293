#include "ingestor/ingest_service.h"

#include <pthread.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
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

// A fixed set of threads running tasks in the order they were submitted.
class WorkerPool {
 public:
  explicit WorkerPool(int threads) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this] {
        pthread_setname_np(pthread_self(), "ingest-worker");  // for top and perf
        Run();
      });
    }
  }
  ~WorkerPool() {
    {
      absl::MutexLock lock(&mu_);
      stop_ = true;
    }
    for (std::thread& t : threads_) t.join();
  }
  void Submit(std::function<void()> task) {
    absl::MutexLock lock(&mu_);
    tasks_.push_back(std::move(task));
  }

 private:
  void Run() {
    for (;;) {
      std::function<void()> task;
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(
            +[](WorkerPool* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->mu_) {
              return p->stop_ || !p->tasks_.empty();
            },
            this));
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

class IngestStreamReactor;

}  // namespace

// The work behind the IngestArticles streams: the worker pool that extracts their articles, and
// the group commit that writes the articles ready at the head of every stream in one store
// batch. One commit runs at a time (the store serializes writes anyway); it is run by the
// worker that found none running, which keeps committing while articles are ready, while the
// other workers go on extracting.
class StreamPipeline {
 public:
  StreamPipeline(const IngestService* service, store::Store* store)
      : service_(service),
        store_(store),
        pool_(service->options().stream_workers > 0
                  ? service->options().stream_workers
                  : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))) {}

  const IngestService* service() const { return service_; }
  void Submit(std::function<void()> task) { pool_.Submit(std::move(task)); }
  // `stream` has a ready article at its head (it is not queued already).
  void Enqueue(IngestStreamReactor* stream);

 private:
  const IngestService* const service_;
  store::Store* const store_;
  absl::Mutex mu_;
  std::deque<IngestStreamReactor*> ready_ ABSL_GUARDED_BY(mu_);
  bool committing_ ABSL_GUARDED_BY(mu_) = false;
  WorkerPool pool_;
};

namespace {

// The stream of IngestArticles. Reads run ahead of the answers (up to the stream window, after
// which flow control holds the client back); each article read is extracted on the pipeline's
// workers; articles ready at the head of the stream are written by the next group commit, in
// request order (two articles with the same id are written in the order they came); answers
// go out in request order, one write at a time.
class IngestStreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  // One article of the stream, from its read to its answer.
  struct Slot {
    enum class State { kPreparing, kReady, kCommitting };
    int32_t index = 0;
    size_t bytes = 0;
    State state = State::kPreparing;
    grpc::ByteBuffer request;
    absl::StatusOr<PreparedArticle> prepared;
  };

  IngestStreamReactor(StreamPipeline* pipeline, grpc::CallbackServerContext* context)
      : pipeline_(pipeline), options_(pipeline->service()->options()) {
    const absl::Status auth = server::CheckBearerToken(*context, options_.token);
    if (!auth.ok()) {
      Finish(server::ToGrpcStatus(auth));
      return;
    }
    {
      absl::MutexLock lock(&mu_);
      reading_ = true;
    }
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // The client half-closed (or the call ended): the stream ends once every article read
      // has been answered.
      Actions actions;
      {
        absl::MutexLock lock(&mu_);
        reading_ = false;
        reads_done_ = true;
        actions = NextActionsLocked();
      }
      Run(actions);
      return;
    }
    auto slot = std::make_unique<Slot>();
    slot->request.Swap(&request_);
    slot->bytes = slot->request.Length();
    Slot* s = slot.get();
    Actions actions;
    {
      absl::MutexLock lock(&mu_);
      reading_ = false;
      s->index = next_index_++;
      held_bytes_ += s->bytes;
      ++preparing_;
      slots_.push_back(std::move(slot));
      actions = NextActionsLocked();
    }
    pipeline_->Submit([this, s] { Prepare(s); });
    Run(actions);
  }

  void OnWriteDone(bool ok) override {
    Actions actions;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      if (!ok) {
        broken_ = true;
        write_queue_.clear();
      }
      actions = NextActionsLocked();
    }
    Run(actions);
  }

  void OnDone() override { delete this; }

  // For the group commit: moves the ready articles at the head of the stream (at most `max`)
  // into `taken`, in order. `*skip` is true when the client is gone: nothing is to be written.
  void TakeReady(size_t max, std::vector<Slot*>* taken, bool* skip) {
    absl::MutexLock lock(&mu_);
    queued_ = false;
    *skip = broken_;
    for (const auto& slot : slots_) {
      if (taken->size() >= max || slot->state != Slot::State::kReady) break;
      slot->state = Slot::State::kCommitting;
      --ready_;
      taken->push_back(slot.get());
    }
  }

  // Answers the articles TakeReady took (one answer each, in order). True when the stream has
  // another ready article at its head: the caller queues it for the next commit.
  bool Deliver(const std::vector<Slot*>& taken, std::vector<grpc::ByteBuffer> answers) {
    Actions actions;
    bool requeue = false;
    {
      absl::MutexLock lock(&mu_);
      for (size_t i = 0; i < taken.size(); ++i) {
        held_bytes_ -= slots_.front()->bytes;
        slots_.pop_front();
        if (!broken_) write_queue_.push_back(std::move(answers[i]));
      }
      requeue = CommitDueLocked();
      if (requeue) queued_ = true;
      actions = NextActionsLocked();
    }
    // The last touch of this reactor when it finishes: Run may end in Finish (then OnDone
    // deletes it), which a requeued stream (an article still held) never does.
    Run(actions);
    return requeue;
  }

 private:
  struct Actions {
    bool read = false;
    bool write = false;
    bool finish = false;
    grpc::Status status;
  };

  // On a worker: everything an article needs before its write.
  void Prepare(Slot* s) {
    IngestArticleRequest request;
    const absl::Status parsed = server::ParseLenient(s->request, &request);
    s->request.Clear();
    s->prepared = parsed.ok() ? pipeline_->service()->Prepare(&request)
                              : absl::StatusOr<PreparedArticle>(parsed);
    bool enqueue = false;
    {
      absl::MutexLock lock(&mu_);
      s->state = Slot::State::kReady;
      --preparing_;
      ++ready_;
      enqueue = CommitDueLocked();
      if (enqueue) queued_ = true;
    }
    if (enqueue) pipeline_->Enqueue(this);
  }

  // Whether the stream's ready head should go to the next commit now: when enough articles are
  // ready for a batch to be worth it, or when none is being prepared (nothing more would come
  // soon: a client sending one article at a time is answered at once).
  bool CommitDueLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !queued_ && !slots_.empty() && slots_.front()->state == Slot::State::kReady &&
           (preparing_ == 0 || ready_ >= static_cast<size_t>(std::max(1, options_.min_batch)));
  }

  // What to start now that the state changed. Each action is claimed under the lock (reading_,
  // writing_, finished_), so no other thread can finish the stream before it has been started.
  Actions NextActionsLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    Actions a;
    if (!writing_ && !broken_ && !write_queue_.empty()) {
      writing_ = true;
      response_ = std::move(write_queue_.front());
      write_queue_.pop_front();
      a.write = true;
    }
    const size_t held = slots_.size() + write_queue_.size() + (writing_ ? 1 : 0);
    if (!reading_ && !reads_done_ && !broken_ &&
        (held == 0 || (held < static_cast<size_t>(std::max(1, options_.stream_window)) &&
                       held_bytes_ < options_.stream_window_bytes))) {
      reading_ = true;
      a.read = true;
    }
    if (!finished_ && (reads_done_ || broken_) && !reading_ && slots_.empty() && !writing_ &&
        write_queue_.empty()) {
      finished_ = true;
      a.finish = true;
      a.status = broken_ ? grpc::Status(grpc::StatusCode::CANCELLED,
                                        "the client went away before its answers were written")
                         : grpc::Status::OK;
    }
    return a;
  }

  void Run(const Actions& a) {
    if (a.write) StartWrite(&response_);
    if (a.read) StartRead(&request_);
    if (a.finish) Finish(a.status);
  }

  StreamPipeline* const pipeline_;
  const IngestServiceOptions& options_;
  // Owned by the read in flight (reading_).
  grpc::ByteBuffer request_;
  // Owned by the write in flight (writing_).
  grpc::ByteBuffer response_;
  absl::Mutex mu_;
  // Articles read and not yet answered, in request order.
  std::deque<std::unique_ptr<Slot>> slots_ ABSL_GUARDED_BY(mu_);
  std::deque<grpc::ByteBuffer> write_queue_ ABSL_GUARDED_BY(mu_);
  size_t held_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  // Slots being prepared, and prepared but not taken by a commit.
  size_t preparing_ ABSL_GUARDED_BY(mu_) = 0;
  size_t ready_ ABSL_GUARDED_BY(mu_) = 0;
  int32_t next_index_ ABSL_GUARDED_BY(mu_) = 0;
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool broken_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  // In the pipeline's queue of streams with a ready head.
  bool queued_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

void StreamPipeline::Enqueue(IngestStreamReactor* stream) {
  {
    absl::MutexLock lock(&mu_);
    ready_.push_back(stream);
    if (committing_) return;  // the running commit takes it
    committing_ = true;
  }
  const size_t max_batch = static_cast<size_t>(std::max(1, service_->options().max_batch));
  for (;;) {
    std::vector<IngestStreamReactor*> streams;
    {
      absl::MutexLock lock(&mu_);
      if (ready_.empty()) {
        committing_ = false;
        return;
      }
      streams.assign(ready_.begin(), ready_.end());
      ready_.clear();
    }
    // The ready articles of every queued stream, in one batch.
    using Slot = IngestStreamReactor::Slot;
    std::vector<std::vector<Slot*>> taken(streams.size());
    std::vector<store::PreparedPut> puts;
    size_t count = 0;
    for (size_t i = 0; i < streams.size(); ++i) {
      bool skip = false;
      streams[i]->TakeReady(max_batch > count ? max_batch - count : 0, &taken[i], &skip);
      count += taken[i].size();
      for (Slot* slot : taken[i]) {
        if (skip && slot->prepared.ok()) slot->prepared = absl::CancelledError("client gone");
        if (slot->prepared.ok()) puts.push_back(std::move(slot->prepared->put));
      }
    }
    std::vector<absl::StatusOr<store::WriteResult>> results;
    if (!puts.empty()) results = store_->PutBatch(std::move(puts));
    size_t next = 0;
    std::vector<IngestStreamReactor*> requeue;
    for (size_t i = 0; i < streams.size(); ++i) {
      std::vector<grpc::ByteBuffer> answers;
      answers.reserve(taken[i].size());
      for (Slot* slot : taken[i]) {
        IngestArticlesResponse answer;
        answer.set_index(slot->index);
        absl::Status status = slot->prepared.status();
        if (status.ok()) {
          const absl::StatusOr<store::WriteResult>& written = results[next++];
          if (written.ok()) {
            *answer.mutable_result() = IngestService::Answer(*slot->prepared, *written);
          } else {
            status = written.status();
          }
        }
        if (!status.ok()) {
          answer.set_error_code(static_cast<int32_t>(status.code()));
          answer.set_error_message(std::string(status.message()));
        }
        answers.push_back(server::ToByteBuffer(answer));
      }
      // The stream may finish (and be deleted) inside Deliver unless it is requeued.
      if (streams[i]->Deliver(taken[i], std::move(answers))) requeue.push_back(streams[i]);
    }
    if (!requeue.empty()) {
      absl::MutexLock lock(&mu_);
      ready_.insert(ready_.end(), requeue.begin(), requeue.end());
    }
  }
}

IngestService::IngestService(store::Store* store, const extract::Extractor* extractor,
                             IngestServiceOptions options)
    : store_(store),
      extractor_(extractor),
      options_(std::move(options)),
      pipeline_(std::make_unique<StreamPipeline>(this, store)) {}

IngestService::~IngestService() = default;

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

absl::StatusOr<PreparedArticle> IngestService::Prepare(IngestArticleRequest* request) const {
  VNNEWS_RETURN_IF_ERROR(ValidateRequest(*request));
  absl::StatusOr<std::string> normalized = text::Normalize(request->text());
  if (!normalized.ok()) return NameField(normalized.status(), "text");
  if (normalized->empty()) {
    return absl::InvalidArgumentError(
        "text: has no characters once whitespace and invisible characters are removed");
  }

  extract::ExtractOptions extract_options;
  extract_options.publication_date = request->publication_date();
  extract_options.title = request->title();
  extract_options.source_uri = request->source_uri();
  extract_options.text_is_normalized = true;
  absl::StatusOr<vnnews::v1::Article> article = extractor_->Extract(*normalized, extract_options);
  if (!article.ok()) return NameField(article.status(), "text");

  article->set_id(request->id().empty() ? store::ContentId(*normalized) : request->id());
  article->set_source_uri(request->source_uri());
  article->set_publication_date(request->publication_date());

  PreparedArticle prepared;
  prepared.response.set_title(article->title());
  prepared.response.set_person_count(article->persons_size());
  prepared.response.set_date_count(article->dates_size());
  for (const auto& topic : article->topics()) prepared.response.add_topic_ids(topic.id());
  // The raw text is kept as it came, so that a later extractor can re-extract from it.
  VNNEWS_ASSIGN_OR_RETURN(prepared.put, store::Store::Prepare(std::move(*article),
                                                              std::move(*request->mutable_text())));
  return prepared;
}

IngestArticleResponse IngestService::Answer(const PreparedArticle& prepared,
                                            const store::WriteResult& written) {
  IngestArticleResponse response = prepared.response;
  response.set_id(written.id);
  response.set_sequence(written.sequence);
  response.set_created(written.created);
  return response;
}

absl::StatusOr<IngestArticleResponse> IngestService::Ingest(
    const IngestArticleRequest& request) const {
  IngestArticleRequest copy = request;
  VNNEWS_ASSIGN_OR_RETURN(PreparedArticle prepared, Prepare(&copy));
  std::vector<store::PreparedPut> puts;
  puts.push_back(std::move(prepared.put));
  absl::StatusOr<store::WriteResult> written = std::move(store_->PutBatch(std::move(puts))[0]);
  if (!written.ok()) return written.status();
  return Answer(prepared, *written);
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
  return new IngestStreamReactor(pipeline_.get(), context);
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
