// A small persistent thread pool. `parallel_for(nt, f)` runs f(t, nt) for
// t = 0…nt−1, t = 0 on the calling thread, and returns when all are done.
// Work is split statically by t, so results never depend on scheduling.
#pragma once

namespace optlab {

// Threads the kernels may use (OPTLAB_THREADS, default = cores available).
int pool_threads();
// Sets it (≥ 1); workers are started or stopped to match.
void pool_set_threads(int n);

using TaskFn = void (*)(void* ctx, int t, int nt);
void pool_run(int nt, TaskFn fn, void* ctx);

template <class F>
void parallel_for(int nt, F& f) {
  if (nt <= 1) {
    f(0, 1);
    return;
  }
  pool_run(nt, [](void* ctx, int t, int n) { (*static_cast<F*>(ctx))(t, n); }, &f);
}

}  // namespace optlab
