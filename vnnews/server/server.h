// Starting and stopping a vnnews gRPC server: the same set-up for both services (callback
// API, server reflection, the standard health service, message size limits, the bound port
// read back) and a graceful shutdown on SIGTERM / SIGINT.
#ifndef VNNEWS_SERVER_SERVER_H_
#define VNNEWS_SERVER_SERVER_H_

#include <grpcpp/server.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace vnnews::server {

struct ServerOptions {
  // host:port to listen on; port 0 picks a free port (read it back from StartedServer::port).
  std::string listen = "127.0.0.1:0";
  // Largest message received or sent, in bytes. Above gRPC's 4 MiB default, so that an article
  // at the ingestor's default 4 MiB limit (plus its other fields) still arrives and gets the
  // article-size error instead of a transport error.
  int max_message_bytes = 16 * 1024 * 1024;
};

struct StartedServer {
  std::unique_ptr<grpc::Server> server;
  // The port actually bound.
  int port = 0;
  // `listen` with the bound port: "127.0.0.1:50051".
  std::string address;
};

// Builds and starts a server hosting `services` (not owned; they must outlive the server) plus
// reflection and health (reported SERVING). UNAVAILABLE when the address cannot be bound.
absl::StatusOr<StartedServer> StartServer(const ServerOptions& options,
                                          const std::vector<grpc::Service*>& services);

// Health NOT_SERVING, then Shutdown: calls in flight get up to `grace` to finish, then are
// cancelled. Returns when the server has stopped.
void ShutdownServer(grpc::Server& server, absl::Duration grace = absl::Seconds(5));

// Installs handlers for SIGTERM and SIGINT that only wake WaitForShutdownSignal (a write to a
// self-pipe: async-signal-safe). Call once, before starting threads.
void InstallShutdownSignalHandlers();
// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForShutdownSignal();

// `host:port` → the host part ("127.0.0.1", "[::1]", "0.0.0.0"), then joined with `port`.
std::string WithPort(const std::string& listen, int port);

}  // namespace vnnews::server

#endif  // VNNEWS_SERVER_SERVER_H_
