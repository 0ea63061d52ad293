// A client of the standard health service, for `--health_probe=ADDR` of both binaries: Debian
// has no grpc_health_probe, and docker-compose health checks need a command that exits 0 when
// the server is SERVING.
#ifndef VNNEWS_SERVER_HEALTH_PROBE_H_
#define VNNEWS_SERVER_HEALTH_PROBE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace vnnews::server {

// OK when the server at `address` answers grpc.health.v1.Health/Check (whole server) with
// SERVING within `timeout`; else UNAVAILABLE (not serving) or the call's error.
absl::Status ProbeHealth(const std::string& address, absl::Duration timeout = absl::Seconds(3));

// What `--health_probe=ADDR` of a binary does: ProbeHealth, the error on stderr, and the exit
// code (0 when SERVING, 1 otherwise).
int ProbeHealthExitCode(const std::string& address);

}  // namespace vnnews::server

#endif  // VNNEWS_SERVER_HEALTH_PROBE_H_
