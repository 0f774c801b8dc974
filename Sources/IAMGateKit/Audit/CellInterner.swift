import Foundation
import IAMPolicy

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
    /// The lists inside decisions: a principal's near misses, for one, are the same for most of its requests.
    private var statementLists: Set<[StatementReference]> = []
    private var missLists: Set<[NonMatchingStatement]> = []
    private var conditionLists: Set<[UnknownCondition]> = []
    private var keyLists: Set<[String]> = []
    private var typeLists: Set<[PolicyType]> = []

    /// The cells with every request replaced by the first equal one seen, and every cell by the first one with the
    /// same verdict and requests.
    func intern(_ fresh: [AuditCell]) -> [AuditCell] {
        lock.withLock {
            fresh.map { cell in
                var shared = cell
                shared.requests = cell.requests.map { request in
                    if let known = requests.firstIndex(of: request) { return requests[known] }
                    let kept = sharingLists(request)
                    requests.insert(kept)
                    return kept
                }
                return cells.insert(Interned(cell: shared)).memberAfterInsert.cell
            }
        }
    }

    /// The request with the lists of its decision replaced by equal ones kept before (the caller holds the lock).
    private func sharingLists(_ request: AuditedRequest) -> AuditedRequest {
        guard var decision = request.decision else { return request }
        func shared<Element: Hashable>(_ list: [Element], in lists: inout Set<[Element]>) -> [Element] {
            guard !list.isEmpty else { return list }
            return lists.insert(list).memberAfterInsert
        }
        decision.matchedStatements = shared(decision.matchedStatements, in: &statementLists)
        decision.nonMatchingStatements = shared(decision.nonMatchingStatements, in: &missLists)
        decision.conditions = shared(decision.conditions, in: &conditionLists)
        decision.missingContextKeys = shared(decision.missingContextKeys, in: &keyLists)
        decision.blockedBy = shared(decision.blockedBy, in: &typeLists)
        return AuditedRequest(verdict: request.verdict, evidence: request.evidence, decision: decision)
    }
}
