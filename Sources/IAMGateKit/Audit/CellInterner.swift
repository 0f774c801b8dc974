import Foundation
import IAMPolicy

/// One copy of each distinct cell and request outcome of an audit. Thousands of principals have the same outcome for
/// most requests (nothing allows `cloudformation:CreateResource`, and so on) and often the same whole cell; keeping
/// one copy of each is what keeps an audit of a large account within a small multiple of its file's size.
///
/// Every thread of an audit interns every cell it decides, so the copies kept are spread by hash over shards with a
/// lock each, and each hash is computed before any lock is taken (`Prehashed`).
final class CellInterner: @unchecked Sendable {
    /// A cell whose requests are interned, compared and hashed by their identities.
    private struct Interned: Hashable, Sendable {
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

    /// The requests and cells kept whose hash falls in this shard, and the lists inside the requests' decisions.
    private final class Shard: @unchecked Sendable {
        let lock = ReadWriteLock()
        /// The first request kept with each hash, and the rare others whose hash an earlier one has.
        var requests: [Int: AuditedRequest] = [:]
        var collisions: Set<Prehashed<AuditedRequest>> = []
        var cells: Set<Prehashed<Interned>> = []
        /// The lists inside decisions: a principal's near misses, for one, are the same for most of its requests.
        var statementLists: Set<[StatementReference]> = []
        var missLists: Set<[NonMatchingStatement]> = []
        var conditionLists: Set<[UnknownCondition]> = []
        var keyLists: Set<[String]> = []
        var typeLists: Set<[PolicyType]> = []

        /// The request with the lists of its decision replaced by equal ones kept before (the caller holds the lock).
        func sharingLists(_ request: AuditedRequest) -> AuditedRequest {
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

    private static let shardCount = 16
    private let shards = (0..<CellInterner.shardCount).map { _ in Shard() }

    /// The cells with every request replaced by the first equal one seen, and every cell by the first one with the
    /// same verdict and requests.
    func intern(_ fresh: [AuditCell]) -> [AuditCell] {
        fresh.map { cell in
            var shared = cell
            shared.requests = cell.requests.map { request in
                // A request's hash and equality read its whole decision: both happen outside the lock when the
                // request was kept before (most are: every principal meets the same denials).
                let hashed = Prehashed(request)
                let home = shards[hashed.shard(of: Self.shardCount)]
                if let known = home.lock.reading({ home.requests[hashed.hash] }), known == request { return known }
                return home.lock.writing {
                    guard let first = home.requests[hashed.hash] else {
                        let kept = home.sharingLists(request)
                        home.requests[hashed.hash] = kept
                        return kept
                    }
                    if first == request { return first }
                    if let known = home.collisions.firstIndex(of: hashed) { return home.collisions[known].value }
                    let kept = home.sharingLists(request)
                    home.collisions.insert(Prehashed(kept, hash: hashed.hash))
                    return kept
                }
            }
            let interned = Prehashed(Interned(cell: shared))
            let home = shards[interned.shard(of: Self.shardCount)]
            let known = home.lock.reading { home.cells.firstIndex(of: interned).map { home.cells[$0].value.cell } }
            if let known { return known }
            return home.lock.writing { home.cells.insert(interned).memberAfterInsert.value.cell }
        }
    }
}
