// The ports and settings the payment use cases share.
#pragma once

#include <chrono>

#include "server/domain/clock.h"
#include "server/domain/id_generator.h"
#include "server/domain/payments/payment_provider.h"
#include "server/domain/payments/payment_store.h"

namespace mercato::domain {

struct PaymentSettings {
  // A PENDING call older than this is the reconciler's: longer than any provider deadline, so that
  // it never asks about a call whose first answer may still come.
  std::chrono::microseconds reconcile_after{std::chrono::seconds(30)};
  int reconcile_batch = 100;
  int default_page_size = 50;
  int max_page_size = 200;
};

struct PaymentsContext {
  PaymentStore& store;
  PaymentProvider& provider;
  Clock& clock;
  IdGenerator& ids;
  PaymentSettings settings;
};

}  // namespace mercato::domain
