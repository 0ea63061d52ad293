#include "vnnews/server/reflection.h"

#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/impl/server_initializer.h>

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace vnnews::server {

// Generated at build time from the descriptor set (see CMakeLists.txt).
extern const unsigned char kDescriptorSet[];
extern const std::size_t kDescriptorSetSize;

namespace {

namespace rpb = grpc::reflection::v1alpha;
namespace gpb = google::protobuf;

void IndexMessage(const gpb::DescriptorProto& message, const std::string& scope,
                  const std::string& file, std::map<std::string, std::string>* symbols) {
  const std::string name = absl::StrCat(scope, message.name());
  (*symbols)[name] = file;
  for (const auto& field : message.field()) {
    (*symbols)[absl::StrCat(name, ".", field.name())] = file;
  }
  for (const auto& nested : message.nested_type()) {
    IndexMessage(nested, absl::StrCat(name, "."), file, symbols);
  }
  for (const auto& e : message.enum_type()) (*symbols)[absl::StrCat(name, ".", e.name())] = file;
}

class ReflectionPlugin final : public grpc::ServerBuilderPlugin {
 public:
  explicit ReflectionPlugin(std::shared_ptr<ReflectionService> service)
      : service_(std::move(service)) {}
  std::string name() override { return "vnnews_reflection"; }
  void InitServer(grpc::ServerInitializer* si) override { si->RegisterService(service_); }
  void Finish(grpc::ServerInitializer* si) override {
    service_->SetServices(*si->GetServiceList());
  }
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}
  bool has_sync_methods() const override { return true; }

 private:
  std::shared_ptr<ReflectionService> service_;
};

class ReflectionBuilderOption final : public grpc::ServerBuilderOption {
 public:
  explicit ReflectionBuilderOption(std::shared_ptr<ReflectionService> service)
      : service_(std::move(service)) {}
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    plugins->push_back(std::make_unique<ReflectionPlugin>(service_));
  }

 private:
  std::shared_ptr<ReflectionService> service_;
};

}  // namespace

std::unique_ptr<grpc::ServerBuilderOption> ReflectionOption(
    std::shared_ptr<ReflectionService> service) {
  return std::make_unique<ReflectionBuilderOption>(std::move(service));
}

absl::StatusOr<std::shared_ptr<ReflectionService>> ReflectionService::CreateBuiltIn() {
  return Create(std::string(reinterpret_cast<const char*>(kDescriptorSet), kDescriptorSetSize));
}

absl::StatusOr<std::shared_ptr<ReflectionService>> ReflectionService::Create(
    const std::string& descriptor_set) {
  gpb::FileDescriptorSet set;
  if (!set.ParseFromString(descriptor_set)) {
    return absl::InternalError("reflection: the built-in descriptor set does not parse");
  }
  std::shared_ptr<ReflectionService> service(new ReflectionService());
  for (const auto& file : set.file()) {
    const std::string scope = file.package().empty() ? "" : absl::StrCat(file.package(), ".");
    service->files_[file.name()] = file.SerializeAsString();
    service->imports_[file.name()] = {file.dependency().begin(), file.dependency().end()};
    for (const auto& message : file.message_type()) {
      IndexMessage(message, scope, file.name(), &service->symbols_);
    }
    for (const auto& e : file.enum_type()) service->symbols_[scope + e.name()] = file.name();
    for (const auto& s : file.service()) {
      const std::string name = scope + s.name();
      service->symbols_[name] = file.name();
      for (const auto& m : s.method()) {
        service->symbols_[absl::StrCat(name, ".", m.name())] = file.name();
      }
    }
  }
  return service;
}

void ReflectionService::SetServices(std::vector<std::string> services) {
  std::sort(services.begin(), services.end());
  services.erase(std::unique(services.begin(), services.end()), services.end());
  services_ = std::move(services);
}

bool ReflectionService::AddFileWithImports(const std::string& name,
                                           rpb::FileDescriptorResponse* response,
                                           std::vector<std::string>* added) const {
  if (std::find(added->begin(), added->end(), name) != added->end()) return true;
  const auto file = files_.find(name);
  if (file == files_.end()) return false;
  added->push_back(name);
  response->add_file_descriptor_proto(file->second);
  for (const std::string& import : imports_.at(name)) {
    if (!AddFileWithImports(import, response, added)) return false;
  }
  return true;
}

grpc::Status ReflectionService::ServerReflectionInfo(
    grpc::ServerContext* /*context*/,
    grpc::ServerReaderWriter<rpb::ServerReflectionResponse, rpb::ServerReflectionRequest>* stream) {
  rpb::ServerReflectionRequest request;
  while (stream->Read(&request)) {
    rpb::ServerReflectionResponse response;
    response.set_valid_host(request.host());
    *response.mutable_original_request() = request;
    auto not_found = [&response](const std::string& what) {
      response.mutable_error_response()->set_error_code(grpc::StatusCode::NOT_FOUND);
      response.mutable_error_response()->set_error_message(what);
    };
    std::vector<std::string> added;
    switch (request.message_request_case()) {
      case rpb::ServerReflectionRequest::kListServices:
        for (const std::string& name : services_) {
          response.mutable_list_services_response()->add_service()->set_name(name);
        }
        break;
      case rpb::ServerReflectionRequest::kFileByFilename:
        if (!AddFileWithImports(request.file_by_filename(),
                                response.mutable_file_descriptor_response(), &added)) {
          not_found(absl::StrCat("File not found: ", request.file_by_filename()));
        }
        break;
      case rpb::ServerReflectionRequest::kFileContainingSymbol: {
        const auto symbol = symbols_.find(request.file_containing_symbol());
        if (symbol == symbols_.end() ||
            !AddFileWithImports(symbol->second, response.mutable_file_descriptor_response(),
                                &added)) {
          not_found(absl::StrCat("Symbol not found: ", request.file_containing_symbol()));
        }
        break;
      }
      case rpb::ServerReflectionRequest::kFileContainingExtension:
      case rpb::ServerReflectionRequest::kAllExtensionNumbersOfType:
        // Our protos define no extensions.
        not_found("Extensions: none are defined");
        break;
      default:
        response.mutable_error_response()->set_error_code(grpc::StatusCode::INVALID_ARGUMENT);
        response.mutable_error_response()->set_error_message("empty reflection request");
        break;
    }
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

}  // namespace vnnews::server
