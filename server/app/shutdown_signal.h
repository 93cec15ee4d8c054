// Turns SIGTERM/SIGINT into an ordinary wait: block them in every thread, then wait on one.
#pragma once

namespace mercato::server {

// Blocks SIGTERM and SIGINT for the calling thread and every thread it starts later.
// Call first thing in main, before any thread (gRPC's included) exists.
void BlockShutdownSignals();

// Waits until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForShutdownSignal();

}  // namespace mercato::server
