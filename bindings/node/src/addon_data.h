// Per-environment state of the addon (one per Node environment, worker threads included): the JS
// classes the native code instantiates, the channel that brings completions to the JS thread, and
// the frozen views of cached values.
#pragma once

#include <optional>

#include <napi.h>

#include "completion_channel.h"
#include "shared_views.h"

namespace mercato::node {

struct AddonData {
  // lib/errors.js's MercatoError, handed over by lib/index.js through setErrorClass().
  Napi::FunctionReference mercato_error;
  // lib/frozen-date.js's freezeDate (setFreezeDate()): freezes the dates of frozen results.
  Napi::FunctionReference freeze_date;
  // The native ListCursor class, to create cursors from ClientHandle methods.
  Napi::FunctionReference list_cursor;
  // The native StreamCursor class, for server streams.
  Napi::FunctionReference stream_cursor;
  // Made at the addon's start (it needs the environment).
  std::optional<CompletionChannel> completions;
  // The JS forms of the cached reads' shared values (GetProduct, GetCategory, GetProductBySku).
  SharedViews shared_views;
};

inline AddonData& GetAddonData(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

}  // namespace mercato::node
