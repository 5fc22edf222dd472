// Injectable time source (Envoy TimeSource). Services take a Clock& so that deadlines,
// session expiry and lockouts are testable by moving time instead of sleeping.
// Thread-safety: SystemClock is stateless; ManualClock is guarded by an atomic.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace linli::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (UTC).
  virtual int64_t NowMillis() const = 0;
  int64_t NowSeconds() const { return NowMillis() / 1000; }
};

class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_millis) : now_millis_(now_millis) {}
  int64_t NowMillis() const override { return now_millis_.load(); }
  void Advance(int64_t millis) { now_millis_ += millis; }
  void Set(int64_t millis) { now_millis_ = millis; }

 private:
  std::atomic<int64_t> now_millis_;
};

}  // namespace linli::core
