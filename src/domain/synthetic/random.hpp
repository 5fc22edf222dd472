// Deterministic pseudo-random numbers for the synthetic population: SplitMix64 streams keyed by
// (seed, community code, module name), so that every community — and every module inside it —
// draws the same numbers whatever else is generated, in whatever order, on however many threads.
// Not for anything secret.
// Thread-safety: an Rng is a plain value owned by one thread; the functions are pure.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace linli::synthetic {

// FNV-1a 64-bit hash of text (stable across platforms and runs).
constexpr uint64_t HashText(std::string_view text) {
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

// SplitMix64's finaliser: a bijective scramble of 64 bits.
constexpr uint64_t Scramble(uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

// A stream key from a seed and any number of labels.
constexpr uint64_t StreamKey(uint64_t seed, std::string_view first, std::string_view second = "") {
  return Scramble(Scramble(seed ^ HashText(first)) ^ HashText(second));
}

class Rng {
 public:
  explicit Rng(uint64_t key) : state_(key) {}

  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [low, high]. REQUIRES: low <= high.
  int Between(int low, int high) {
    return low + static_cast<int>(Next() % static_cast<uint64_t>(high - low + 1));
  }
  double Between(double low, double high) { return low + (high - low) * Uniform(); }
  bool Chance(double probability) { return Uniform() < probability; }
  // An index drawn with the given (non-negative, not all zero) weights.
  size_t Weighted(const double* weights, size_t count) {
    double total = 0;
    for (size_t i = 0; i < count; ++i) total += weights[i];
    double point = Uniform() * total;
    for (size_t i = 0; i < count; ++i) {
      if (point < weights[i]) return i;
      point -= weights[i];
    }
    return count - 1;
  }
  size_t Weighted(const std::vector<double>& weights) {
    return Weighted(weights.data(), weights.size());
  }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Next() % N];
  }

 private:
  uint64_t state_;
};

}  // namespace linli::synthetic
