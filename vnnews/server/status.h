// The one place where an absl::Status becomes a grpc::Status: the service edge. Inside the
// project every fallible function answers absl::Status; the services convert it when they
// finish a call.
#ifndef VNNEWS_SERVER_STATUS_H_
#define VNNEWS_SERVER_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace vnnews::server {

// Same code (the two enums share their numbering) and message.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace vnnews::server

#endif  // VNNEWS_SERVER_STATUS_H_
