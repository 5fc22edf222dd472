#include "domain/audit/audit_service.hpp"

#include <charconv>

namespace linli::audit {

core::Status ValidateAuditQuery(const AuditQuery& query, const core::PageRequest& page) {
  if (!query.subject_id.empty() && query.subject_type.empty()) {
    return core::Error::InvalidArgument("按对象查询时必须指定对象类型", "subject_type");
  }
  if (query.from_at && query.until_at && *query.from_at > *query.until_at) {
    return core::Error::InvalidArgument("开始时间不能晚于结束时间", "from");
  }
  if (page.limit < 1 || page.limit > core::kMaxPageLimit) {
    return core::Error::InvalidArgument("每页条数必须在 1 到 200 之间", "limit");
  }
  if (!page.after.empty()) {
    int64_t sequence = 0;
    const char* begin = page.after.data();
    const char* end = begin + page.after.size();
    const auto [pointer, error] = std::from_chars(begin, end, sequence);
    if (error != std::errc() || pointer != end || sequence < 1) {
      return core::Error::InvalidArgument("分页游标无效", "cursor");
    }
  }
  return core::Ok();
}

core::Result<core::Page<StoredAuditEntry>> AuditService::List(const core::Scope& scope,
                                                              const AuditQuery& query,
                                                              const core::PageRequest& page) {
  TRY(ValidateAuditQuery(query, page));
  if (scope.Empty()) return core::Page<StoredAuditEntry>{};
  return repository_.List(scope, query, page);
}

core::Result<VerifyReport> AuditService::Verify(const VerifyAnchor& anchor) {
  if (anchor.sequence < 0 || (anchor.sequence > 0 && anchor.hash.size() != kGenesisHash.size())) {
    return core::Error::InvalidArgument("外部记录的序号或哈希无效（哈希应为 64 位十六进制）",
                                        "anchor");
  }
  return repository_.Verify(anchor);
}

}  // namespace linli::audit
