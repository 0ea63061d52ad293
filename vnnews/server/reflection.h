// Server reflection (grpc.reflection.v1alpha, what grpcurl speaks) served from a descriptor set
// that keeps the .proto files' comments. gRPC's own reflection plugin serves the descriptors
// compiled into the binary, which protoc strips of source_code_info, so `grpcurl describe` would
// show no documentation.
#ifndef VNNEWS_SERVER_REFLECTION_H_
#define VNNEWS_SERVER_REFLECTION_H_

#include <grpcpp/server_builder.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace vnnews::server {

class ReflectionService final : public grpc::reflection::v1alpha::ServerReflection::Service {
 public:
  // `descriptor_set`: a serialized FileDescriptorSet holding every file served and its imports
  // (protoc --include_imports --include_source_info).
  static absl::StatusOr<std::shared_ptr<ReflectionService>> Create(
      const std::string& descriptor_set);
  // The descriptor set built into the binaries (proto/ + health + reflection, with comments).
  static absl::StatusOr<std::shared_ptr<ReflectionService>> CreateBuiltIn();

  // The full names `list` answers: the services the server hosts. Set before the server starts.
  void SetServices(std::vector<std::string> services);

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1alpha::ServerReflectionResponse,
                               grpc::reflection::v1alpha::ServerReflectionRequest>* stream)
      override;

 private:
  ReflectionService() = default;
  // Adds `name` and its transitive imports to `response`, each once.
  bool AddFileWithImports(const std::string& name,
                          grpc::reflection::v1alpha::FileDescriptorResponse* response,
                          std::vector<std::string>* added) const;

  std::vector<std::string> services_;
  // File name → its serialized FileDescriptorProto (with comments), and its imports.
  std::map<std::string, std::string> files_;
  std::map<std::string, std::vector<std::string>> imports_;
  // Symbol (message, enum, service, method, field) → the file declaring it.
  std::map<std::string, std::string> symbols_;
};

// A ServerBuilder option that registers `service` on the server and, once every service is
// registered, tells it which services the server hosts (the way gRPC's own plugin learns them).
std::unique_ptr<grpc::ServerBuilderOption> ReflectionOption(
    std::shared_ptr<ReflectionService> service);

}  // namespace vnnews::server

#endif  // VNNEWS_SERVER_REFLECTION_H_
