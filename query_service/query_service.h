// QueryService: typed questions over the store, read as a RocksDB secondary. It never writes;
// a thread of its own catches up with the primary (every interval, and at once when a
// request's min_sequence is ahead of it), never a request handler.
#ifndef VNNEWS_QUERY_SERVICE_QUERY_SERVICE_H_
#define VNNEWS_QUERY_SERVICE_QUERY_SERVICE_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "vnnews/store/store.h"
#include "vnnews/v1/query.grpc.pb.h"

namespace vnnews::query {

struct QueryServiceOptions {
  // How often the catch-up thread follows the primary when nobody asks for it (100 ms).
  absl::Duration catch_up_interval = absl::Milliseconds(100);
  // Longest a request waits for its min_sequence when its own deadline is further away or
  // unset (then UNAVAILABLE): a bogus min_sequence must not hold a call forever.
  absl::Duration max_sequence_wait = absl::Seconds(30);
};

// Every method takes its request as raw bytes, parsed by server::ParseLenient, so that a string
// field that is not UTF-8 (a forged page token, a name) gets INVALID_ARGUMENT naming the field
// instead of protobuf's opaque refusal (see vnnews/server/wire.h).
using QueryServiceBase = vnnews::v1::QueryService::WithRawCallbackMethod_GetArticle<
    vnnews::v1::QueryService::WithRawCallbackMethod_ListArticles<
        vnnews::v1::QueryService::WithRawCallbackMethod_ListArticlesByPerson<
            vnnews::v1::QueryService::WithRawCallbackMethod_ListArticlesByDate<
                vnnews::v1::QueryService::WithRawCallbackMethod_ListArticlesByTopic<
                    vnnews::v1::QueryService::WithRawCallbackMethod_SearchArticles<
                        vnnews::v1::QueryService::WithRawCallbackMethod_GetFacets<
                            vnnews::v1::QueryService::WithRawCallbackMethod_ListTopics<
                                vnnews::v1::QueryService::Service>>>>>>>>;

class QueryService final : public QueryServiceBase {
 public:
  // `reader` is not owned and must outlive the service. `topics`: the taxonomy (id, label),
  // for ListTopics and to tell an unknown topic id from a topic without articles. Starts the
  // catch-up thread.
  QueryService(store::Reader* reader, std::vector<vnnews::v1::Topic> topics,
               QueryServiceOptions options);
  // Stops the catch-up thread.
  ~QueryService() override;

  // Stops following the primary and wakes every request waiting for a min_sequence (they end
  // with UNAVAILABLE), so that a server shutdown does not wait for them. Call before shutting
  // the server down.
  void BeginShutdown();

  // The sequence number the service has caught up to.
  uint64_t caught_up_sequence() const;

  grpc::ServerUnaryReactor* GetArticle(grpc::CallbackServerContext* context,
                                       const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListArticles(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListArticlesByPerson(grpc::CallbackServerContext* context,
                                                 const grpc::ByteBuffer* request,
                                                 grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListArticlesByDate(grpc::CallbackServerContext* context,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListArticlesByTopic(grpc::CallbackServerContext* context,
                                                const grpc::ByteBuffer* request,
                                                grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SearchArticles(grpc::CallbackServerContext* context,
                                           const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetFacets(grpc::CallbackServerContext* context,
                                      const grpc::ByteBuffer* request,
                                      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListTopics(grpc::CallbackServerContext* context,
                                       const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override;

 private:
  absl::Status DoGetArticle(grpc::CallbackServerContext& context,
                            const vnnews::v1::GetArticleRequest& request,
                            vnnews::v1::Article* response);
  absl::Status DoListArticles(grpc::CallbackServerContext& context,
                              const vnnews::v1::ListArticlesRequest& request,
                              vnnews::v1::ListArticlesResponse* response);
  absl::Status DoByPerson(grpc::CallbackServerContext& context,
                          const vnnews::v1::ListArticlesByPersonRequest& request,
                          vnnews::v1::ListArticlesByPersonResponse* response);
  absl::Status DoByDate(grpc::CallbackServerContext& context,
                        const vnnews::v1::ListArticlesByDateRequest& request,
                        vnnews::v1::ListArticlesByDateResponse* response);
  absl::Status DoByTopic(grpc::CallbackServerContext& context,
                         const vnnews::v1::ListArticlesByTopicRequest& request,
                         vnnews::v1::ListArticlesByTopicResponse* response);
  absl::Status DoSearch(grpc::CallbackServerContext& context,
                        const vnnews::v1::SearchArticlesRequest& request,
                        vnnews::v1::SearchArticlesResponse* response);
  absl::Status DoGetFacets(grpc::CallbackServerContext& context,
                           const vnnews::v1::GetFacetsRequest& request,
                           vnnews::v1::GetFacetsResponse* response);

  // Returns once the reader has caught up to `min_sequence` (at once for 0), waking the
  // catch-up thread when it is behind. DEADLINE_EXCEEDED when the call's deadline comes first.
  absl::Status WaitForSequence(uint64_t min_sequence, grpc::CallbackServerContext& context);
  // The summaries (and records, for ARTICLE_VIEW_FULL) of a page's hits.
  absl::Status FillResults(const store::Page& page, vnnews::v1::ArticleView view,
                           grpc::CallbackServerContext& context,
                           google::protobuf::RepeatedPtrField<vnnews::v1::ArticleResult>* results);
  void CatchUpLoop();

  store::Reader* const reader_;
  const std::vector<vnnews::v1::Topic> topics_;
  const absl::flat_hash_set<std::string> topic_ids_;
  const QueryServiceOptions options_;

  mutable absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  // A request is waiting for a sequence the reader has not reached: catch up now.
  bool catch_up_now_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t caught_up_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread catch_up_thread_;
};

}  // namespace vnnews::query

#endif  // VNNEWS_QUERY_SERVICE_QUERY_SERVICE_H_
