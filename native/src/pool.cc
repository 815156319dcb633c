// The thread pool: workers spin briefly on a generation counter (training
// issues GEMMs back to back), then sleep on a condition variable.
#include "pool.h"

#include <sched.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "addon.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define OPTLAB_PAUSE() _mm_pause()
#else
#define OPTLAB_PAUSE() std::this_thread::yield()
#endif

namespace optlab {

namespace {

int cores() {
#ifdef __linux__
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
#endif
  unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? static_cast<int>(n) : 1;
}

int initial_threads() {
  const char* env = std::getenv("OPTLAB_THREADS");
  if (env != nullptr) {
    int n = std::atoi(env);
    if (n >= 1 && n <= 256) return n;
  }
  return cores();
}

constexpr int kSpin = 1 << 13;

class Pool {
 public:
  ~Pool() { stop_workers(); }

  int threads() const { return threads_; }

  void set_threads(int n) {
    if (n < 1) n = 1;
    stop_workers();
    threads_ = n;
  }

  void run(int nt, TaskFn fn, void* ctx) {
    if (nt > threads_) nt = threads_;
    if (nt <= 1) {
      fn(ctx, 0, 1);
      return;
    }
    if (static_cast<int>(workers_.size()) < threads_ - 1) start_workers();
    fn_ = fn;
    ctx_ = ctx;
    nt_ = nt;
    pending_.store(nt - 1, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lk(mu_);
      gen_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    fn(ctx, 0, nt);
    // spin briefly, then yield: on an oversubscribed machine the worker may need this core
    for (int spin = 0; pending_.load(std::memory_order_acquire) != 0; spin++) {
      if (spin < 2048) OPTLAB_PAUSE();
      else std::this_thread::yield();
    }
  }

 private:
  void start_workers() {
    stop_ = false;
    // the generation before the next run: a worker that starts late still sees that run
    const uint64_t g0 = gen_.load(std::memory_order_acquire);
    for (int t = static_cast<int>(workers_.size()) + 1; t < threads_; t++)
      workers_.emplace_back([this, t, g0] { loop(t, g0); });
  }

  void stop_workers() {
    if (workers_.empty()) return;
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
      gen_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
    stop_ = false;
  }

  void loop(int t, uint64_t seen) {
    for (;;) {
      uint64_t g;
      int spin = 0;
      while ((g = gen_.load(std::memory_order_acquire)) == seen && spin < kSpin) {
        OPTLAB_PAUSE();
        spin++;
      }
      if (g == seen) {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [&] { return gen_.load(std::memory_order_acquire) != seen; });
        g = gen_.load(std::memory_order_acquire);
      }
      seen = g;
      if (stop_) return;
      if (t < nt_) {
        fn_(ctx_, t, nt_);
        pending_.fetch_sub(1, std::memory_order_acq_rel);
      }
    }
  }

  int threads_ = initial_threads();
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<uint64_t> gen_{0};
  std::atomic<int> pending_{0};
  bool stop_ = false;
  TaskFn fn_ = nullptr;
  void* ctx_ = nullptr;
  int nt_ = 1;
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: workers may outlive static destructors
  return *p;
}

}  // namespace

int pool_threads() { return pool().threads(); }
void pool_set_threads(int n) { pool().set_threads(n); }
void pool_run(int nt, TaskFn fn, void* ctx) { pool().run(nt, fn, ctx); }

// getThreads() → number; setThreads(n)
static Napi::Value GetThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), pool_threads());
}
static Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  int64_t n = arg_int(info, 0);
  if (n < 1 || n > 256) return range_error(info.Env(), "setThreads: expected an integer in [1, 256]");
  pool_set_threads(static_cast<int>(n));
  return info.Env().Undefined();
}

static Export e1("getThreads", GetThreads);
static Export e2("setThreads", SetThreads);

}  // namespace optlab
