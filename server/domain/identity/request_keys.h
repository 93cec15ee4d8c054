// Idempotency keys for identity mutations. Keys are scoped to the calling user, so that two users'
// request_ids never meet (one could otherwise be replayed another's response), and fingerprinted
// without secret fields (a fast hash of a password must not land in the idempotency table).
#pragma once

#include <google/protobuf/message.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "server/domain/idempotency.h"
#include "server/domain/identity/principal.h"

namespace mercato::domain {

// operation "users.<Rpc>" for anonymous callers, "users.<Rpc>@<user id>" otherwise.
IdempotencyKey CallerScopedKey(std::string const& operation, std::string const& request_id,
                               google::protobuf::Message const& request, Principal const& principal,
                               std::initializer_list<std::string_view> secret_fields = {});

}  // namespace mercato::domain
