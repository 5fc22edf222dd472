// Splitting CPU-bound work over the machine's cores.
// Thread-safety: `body` runs on several threads at once, each call on its own range; it must
// only write state that belongs to its range.
#pragma once

#include <cstddef>
#include <functional>

#include "core/result.hpp"

namespace linli::core {

// Calls body(begin, end) on consecutive ranges that cover [0, count): one range per worker
// (as many workers as cores, at most 8), or a single call on the calling thread when count is
// below `minimum` or the machine has one core. Waits for every range; returns the status of the
// first range, in range order, that failed.
Status ForRanges(size_t count, size_t minimum,
                 const std::function<Status(size_t begin, size_t end)>& body);

}  // namespace linli::core
