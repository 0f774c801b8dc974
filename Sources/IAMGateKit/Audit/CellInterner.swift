import Foundation

/// One copy of each distinct cell and request outcome of an audit. Thousands of principals have the same outcome for
/// most requests (nothing allows `cloudformation:CreateResource`, and so on) and often the same whole cell; keeping
/// one copy of each is what keeps an audit of a large account within a small multiple of its file's size.
final class CellInterner: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: Set<AuditedRequest> = []
    private var cells: Set<AuditCell> = []

    /// The cells with every request and every cell replaced by the first equal one seen.
    func intern(_ fresh: [AuditCell]) -> [AuditCell] {
        lock.withLock {
            fresh.map { cell in
                if let known = cells.firstIndex(of: cell) { return cells[known] }
                var shared = cell
                shared.requests = cell.requests.map { request in
                    if let known = requests.firstIndex(of: request) { return requests[known] }
                    requests.insert(request)
                    return request
                }
                cells.insert(shared)
                return shared
            }
        }
    }
}
