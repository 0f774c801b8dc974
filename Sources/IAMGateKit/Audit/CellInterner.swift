import Foundation

/// One copy of each distinct cell and request outcome of an audit. Thousands of principals have the same outcome for
/// most requests (nothing allows `cloudformation:CreateResource`, and so on) and often the same whole cell; keeping
/// one copy of each is what keeps an audit of a large account within a small multiple of its file's size.
final class CellInterner: @unchecked Sendable {
    /// A cell whose requests are interned, compared and hashed by their identities.
    private struct Interned: Hashable {
        let cell: AuditCell

        static func == (lhs: Interned, rhs: Interned) -> Bool {
            lhs.cell.verdict == rhs.cell.verdict && lhs.cell.requests.count == rhs.cell.requests.count
                && zip(lhs.cell.requests, rhs.cell.requests).allSatisfy { $0 === $1 }
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(cell.verdict)
            for request in cell.requests { hasher.combine(ObjectIdentifier(request)) }
        }
    }

    private let lock = NSLock()
    private var requests: Set<AuditedRequest> = []
    private var cells: Set<Interned> = []

    /// The cells with every request replaced by the first equal one seen, and every cell by the first one with the
    /// same verdict and requests.
    func intern(_ fresh: [AuditCell]) -> [AuditCell] {
        lock.withLock {
            fresh.map { cell in
                var shared = cell
                shared.requests = cell.requests.map { request in
                    let (inserted, member) = requests.insert(request)
                    return inserted ? request : member
                }
                return cells.insert(Interned(cell: shared)).memberAfterInsert.cell
            }
        }
    }
}
