// IngestService: the gRPC face of the store's only writer. It validates each article, runs the
// extractor on it (outside any store lock) and stores the record with its indexes; each write
// answers the record's id and the store's sequence number after it.
#ifndef VNNEWS_INGESTOR_INGEST_SERVICE_H_
#define VNNEWS_INGESTOR_INGEST_SERVICE_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "vnnews/extract/extractor.h"
#include "vnnews/store/store.h"
#include "vnnews/v1/ingest.grpc.pb.h"

namespace vnnews::ingestor {

struct IngestServiceOptions {
  // Longest article text accepted, in bytes (4 MiB). Longer ones are INVALID_ARGUMENT.
  size_t max_article_bytes = 4 * 1024 * 1024;
  // When not empty, every call must carry `authorization: Bearer <token>` (else
  // UNAUTHENTICATED). Empty: no token needed.
  std::string token;
  // Threads extracting the articles of IngestArticles streams, shared by all streams (0: one
  // per core). Whichever finishes an article also commits the ready articles of every stream,
  // one store batch at a time (Store::PutBatch).
  int stream_workers = 0;
  // Articles a stream reads ahead of its answers (being extracted, waiting for their batch,
  // or answered but not yet sent): past this, the stream stops reading, so a fast client is
  // held back by flow control.
  int stream_window = 256;
  // Bytes of article text a stream holds at most in the same way (one article always fits).
  size_t stream_window_bytes = 32 << 20;
  // Most articles written in one store batch.
  int max_batch = 256;
  // A stream's ready articles wait for a commit until this many are ready, or until none of
  // its articles is still being extracted: bigger batches make cheaper memtable inserts (their
  // keys are written in order), and a lone article is not kept waiting.
  int min_batch = 32;
};

// An article extracted and ready to be written, with its answer but for what the write tells.
struct PreparedArticle {
  store::PreparedPut put;
  // Everything but id, sequence and created.
  vnnews::v1::IngestArticleResponse response;
};

class StreamPipeline;

// The outcome of one file of a directory ingested at start.
struct FileResult {
  std::string path;
  absl::StatusOr<vnnews::v1::IngestArticleResponse> result;
};

// The two ingest methods take their request as raw bytes, parsed by server::ParseLenient, so
// that text which is not UTF-8 reaches the validation and gets "text: invalid UTF-8 at byte
// offset N" (see vnnews/server/wire.h).
using IngestServiceBase = vnnews::v1::IngestService::WithRawCallbackMethod_IngestArticle<
    vnnews::v1::IngestService::WithRawCallbackMethod_IngestArticles<
        vnnews::v1::IngestService::WithCallbackMethod_DeleteArticle<
            vnnews::v1::IngestService::Service>>>;

class IngestService final : public IngestServiceBase {
 public:
  // `store` and `extractor` are not owned and must outlive the service.
  IngestService(store::Store* store, const extract::Extractor* extractor,
                IngestServiceOptions options);
  ~IngestService() override;

  // Validates, extracts and stores one article: what every RPC and the seed directory use.
  // INVALID_ARGUMENT naming the field for bad input; the store's error when writing fails
  // (then nothing was written).
  absl::StatusOr<vnnews::v1::IngestArticleResponse> Ingest(
      const vnnews::v1::IngestArticleRequest& request) const;
  // The part of Ingest before the write: validation, normalization, extraction, the store's
  // Prepare. Takes the request's text (moved into the stored raw text).
  absl::StatusOr<PreparedArticle> Prepare(vnnews::v1::IngestArticleRequest* request) const;
  // The answer of a prepared article once written.
  static vnnews::v1::IngestArticleResponse Answer(const PreparedArticle& prepared,
                                                  const store::WriteResult& written);

  // Ingests every *.txt file of `dir`, in name order, with the file's path as source_uri. An
  // unreadable directory is an error; a bad file is reported in its FileResult.
  absl::StatusOr<std::vector<FileResult>> IngestDirectory(const std::string& dir) const;

  const IngestServiceOptions& options() const { return options_; }

  grpc::ServerUnaryReactor* IngestArticle(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* IngestArticles(
      grpc::CallbackServerContext* context) override;
  grpc::ServerUnaryReactor* DeleteArticle(grpc::CallbackServerContext* context,
                                          const vnnews::v1::DeleteArticleRequest* request,
                                          vnnews::v1::DeleteArticleResponse* response) override;

 private:
  // Validation of the request alone (no extraction).
  absl::Status ValidateRequest(const vnnews::v1::IngestArticleRequest& request) const;

  store::Store* const store_;
  const extract::Extractor* const extractor_;
  const IngestServiceOptions options_;
  std::unique_ptr<StreamPipeline> pipeline_;
};

}  // namespace vnnews::ingestor

#endif  // VNNEWS_INGESTOR_INGEST_SERVICE_H_
