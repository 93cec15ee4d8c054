// Who is calling, as the api layer authenticated them; the domain uses it for visibility rules
// and to record the actor on events.
#pragma once

#include <string>

namespace mercato::domain {

struct Caller {
  std::string actor;  // user id, "service:<name>" or "anonymous"
  bool staff = false; // staff and service accounts see drafts and may edit
};

}  // namespace mercato::domain
