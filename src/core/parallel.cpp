#include "core/parallel.hpp"

#include <algorithm>
#include <thread>
#include <vector>

namespace linli::core {

Status ForRanges(size_t count, size_t minimum,
                 const std::function<Status(size_t begin, size_t end)>& body) {
  const size_t workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  if (count < minimum || workers == 1) return body(0, count);
  const size_t per_worker = (count + workers - 1) / workers;
  std::vector<Status> statuses(workers, Ok());
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  for (size_t w = 1; w < workers; ++w) {
    threads.emplace_back([&, w] {
      statuses[w] = body(std::min(count, w * per_worker), std::min(count, (w + 1) * per_worker));
    });
  }
  statuses[0] = body(0, std::min(count, per_worker));
  for (auto& thread : threads) thread.join();
  for (auto& status : statuses) TRY(status);
  return Ok();
}

}  // namespace linli::core
