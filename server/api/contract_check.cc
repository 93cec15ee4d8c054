// Run by the build: fails it when a method of the contract names no audience
// ((mercato.v1.access), see authorization_table.h), so that no method ships callable by nobody or
// by an audience nobody chose. Arguments: the contract's .proto files, as protoc names them
// ("mercato/v1/catalog.proto").
#include <google/protobuf/descriptor.h>

#include <cstdio>

#include "server/api/authorization_table.h"

int main(int argc, char** argv) {
  int missing = 0;
  for (int i = 1; i < argc; ++i) {
    auto const* file = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(argv[i]);
    if (file == nullptr) {
      std::fprintf(stderr, "contract_check: %s is not linked in\n", argv[i]);
      return 2;
    }
    for (int s = 0; s < file->service_count(); ++s) {
      auto const* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        if (mercato::api::AudienceOf(*service->method(m))) continue;
        std::fprintf(stderr, "%s: rpc %s names no audience: add `option (access) = ACCESS_...;` (see options.proto)\n",
                     argv[i], service->method(m)->full_name().c_str());
        ++missing;
      }
    }
  }
  return missing == 0 ? 0 : 1;
}
